using BuildKit.Configuration;

namespace BuildKit.Planning;

/// <summary>
/// The plan's inputs that live on disk, checked right after planning and before any stage runs, so that a missing spec,
/// CA file or signing key, or a folder that cannot be written, ends the run at once with exit code 2 instead of failing a
/// stage later. <see cref="BuildPlanner"/> stays a pure function of its inputs: this is the step that looks at the disk.
/// </summary>
public static class PlanChecks
{
    /// <summary>Raises <see cref="ConfigurationException"/> for the first input the plan names that is not usable.</summary>
    public static void Check(BuildPlan plan, Paths paths)
    {
        foreach (var product in plan.Products) CheckSpec(product, plan.ConfigFile);
        if (plan.Builder is { CaFile: { } ca, CaFileChosenBy: { } caChosenBy })
            CheckFile(ca, caChosenBy, "the CA file",
                $"Pass the PEM file holding the extra CA certificates builders should trust, or leave out --{Options.CaCert}, " +
                $"${EnvVars.SslCertFile} and ${EnvVars.NodeExtraCaCerts} to trust only the distribution's CAs.");
        if (plan.Signing is { Enabled: true, KeyFile: { } key })
            CheckFile(key, $"--{Options.SignKey}", "the signing key",
                $"Pass an armoured OpenPGP private key with --{Options.SignKey}=FILE, or put the key in ${EnvVars.GpgKey} and leave out --{Options.SignKey}.");
        if (plan.From is { } from && !Directory.Exists(from))
            throw new ConfigurationException(
                $"--{Options.From}={from}: no such folder. Download every build job's results (their artifacts) into one folder and pass that folder.");
        CheckFolder(plan.CacheDirectory, plan.CacheChosenBy, "cache",
            $"Choose another with --{Options.CacheDir}=DIR or ${EnvVars.CacheDir}.");
        CheckFolder(paths.Artifacts, paths.ArtifactsChosenBy, "artifacts",
            $"Choose another with --{Options.Artifacts}=DIR.");
    }

    private static void CheckSpec(ProductPlan product, string productsFile)
    {
        if (FileProblem(product.Spec) is not { } problem) return;
        throw new ConfigurationException(
            $"{product.Where}: the spec of {product.Name}, {product.Spec}, {problem}. Write the spec there, or correct the entry's " +
            $"spec: (a path relative to {Path.GetDirectoryName(productsFile)}).");
    }

    private static void CheckFile(string file, string chosenBy, string what, string fix)
    {
        if (FileProblem(file) is { } problem)
            throw new ConfigurationException($"{chosenBy}={file}: {what} {Path.GetFullPath(file)} {problem}. {fix}");
    }

    private static void CheckFolder(string folder, string chosenBy, string what, string fix)
    {
        if (FolderProblem(Path.GetFullPath(folder)) is { } problem)
            throw new ConfigurationException($"The {what} folder {Path.GetFullPath(folder)} (from {chosenBy}) {problem}. {fix}");
    }

    private static string? FileProblem(string file)
    {
        if (Directory.Exists(file)) return "is a folder, not a file";
        if (!File.Exists(file)) return "does not exist";
        try
        {
            File.OpenRead(file).Dispose();
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"cannot be read ({e.Message})";
        }
    }

    /// <summary>
    /// A folder that does not exist yet is fine when the nearest folder above it that does can be written: the run makes it
    /// there. Writing is tried with a file made and removed at once, because permissions alone do not tell (read-only mounts,
    /// ACLs, root).
    /// </summary>
    private static string? FolderProblem(string folder)
    {
        if (File.Exists(folder)) return "is a file, not a folder";
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) return $"cannot be made: {existing} is a file";
            existing = Path.GetDirectoryName(existing)!;
        }
        var probe = Path.Combine(existing, $".buildkit-write-check-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return existing == folder ? $"is not writable ({WhyNot(e)})" : $"cannot be made in {existing}, which is not writable ({WhyNot(e)})";
        }
    }

    /// <summary>The reason without the path .NET appends, which would name the probe instead of the folder.</summary>
    private static string WhyNot(Exception e) => e is UnauthorizedAccessException ? "permission denied" : e.Message.Split(" : '")[0];
}
