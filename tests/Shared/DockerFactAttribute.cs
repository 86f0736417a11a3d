using System.Collections.Concurrent;
using System.Diagnostics;

namespace BuildKit.Testing;

/// <summary>What the container tests need: a Docker Engine that answers and the Debian base images tests/setup-machine.sh makes.</summary>
public static class Docker
{
    public const string BaseImage = "buildkit-base:bookworm";

    /// <summary>Debian 13, for what Debian 12 lacks (Qt6 and KDE Frameworks 6).</summary>
    public const string TrixieBaseImage = "buildkit-base:trixie";

    private static readonly Lazy<string?> MissingEngine = new(() =>
        !Tools.OnPath("docker") ? "needs docker on PATH"
        : !Succeeds("docker", "info") ? "needs a running Docker Engine (tests/setup-machine.sh starts one as root)"
        : null);

    private static readonly ConcurrentDictionary<string, string?> MissingImages = new();

    public static string? SkipReason => SkipReasonFor(BaseImage);

    public static string? SkipReasonFor(string baseImage) =>
        Missing(baseImage) is { } why && !Tools.IsCi ? why + "; under CI=true this test fails instead of skipping" : null;

    private static string? Missing(string baseImage) => MissingEngine.Value ?? MissingImages.GetOrAdd(baseImage, image =>
        Succeeds("docker", "image", "inspect", image) ? null : $"needs the base image {image} (tests/setup-machine.sh makes it with debootstrap)");

    /// <summary>Runs the docker CLI and returns what it printed; for tests' own bookkeeping, not for what they test.</summary>
    public static string Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        return output.Result;
    }

    /// <summary>Removes the volumes whose names start with <paramref name="prefix"/> and satisfy <paramref name="which"/>: tests' own bookkeeping.</summary>
    public static void RemoveVolumes(string prefix, Func<string, bool>? which = null)
    {
        var volumes = Run("volume", "ls", "--quiet", "--filter", "name=" + prefix).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && (which?.Invoke(name) ?? true)).ToArray();
        if (volumes.Length > 0) Run(["volume", "rm", "--force", .. volumes]);
    }

    private static bool Succeeds(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        process.WaitForExit(60_000);
        return process.HasExited && process.ExitCode == 0;
    }
}

/// <summary>A fact that needs a real Docker Engine and a Debian base image (bookworm unless it names another).</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute(string baseImage = Docker.BaseImage) => Skip = Docker.SkipReasonFor(baseImage);
}

/// <summary>A theory that needs a Docker Engine and the base image.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute() => Skip = Docker.SkipReason;
}
