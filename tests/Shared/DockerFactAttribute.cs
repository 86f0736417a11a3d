using System.Diagnostics;

namespace BuildKit.Testing;

/// <summary>What the container tests need: a Docker Engine that answers and the Debian base image tests/setup-machine.sh makes.</summary>
public static class Docker
{
    public const string BaseImage = "buildkit-base:bookworm";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!Tools.OnPath("docker")) return "needs docker on PATH";
        if (!Succeeds("docker", "info")) return "needs a running Docker Engine (tests/setup-machine.sh starts one as root)";
        if (!Succeeds("docker", "image", "inspect", BaseImage)) return $"needs the base image {BaseImage} (tests/setup-machine.sh makes it with debootstrap)";
        return null;
    });

    public static string? SkipReason => Missing.Value is { } why && !Tools.IsCi ? why + "; under CI=true this test fails instead of skipping" : null;

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

    private static bool Succeeds(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        process.WaitForExit(60_000);
        return process.HasExited && process.ExitCode == 0;
    }
}

/// <summary>A fact that needs a real Docker Engine and the Debian base image.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute() => Skip = Docker.SkipReason;
}

/// <summary>A theory that needs a Docker Engine and the base image.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute() => Skip = Docker.SkipReason;
}
