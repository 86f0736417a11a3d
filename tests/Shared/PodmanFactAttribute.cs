using System.Diagnostics;

namespace BuildKit.Testing;

/// <summary>What the podman tests need: podman, and the Debian base image in its store (tests/setup-machine.sh puts it there).</summary>
public static class Podman
{
    private static readonly Lazy<string?> Missing = new(() =>
        !Tools.OnPath("podman") ? "needs podman on PATH (tests/setup-machine.sh installs it as root)"
        : Run(out _, "image", "exists", Docker.BaseImage) != 0 ? $"needs the base image {Docker.BaseImage} in podman's store (tests/setup-machine.sh loads it)"
        : null);

    public static string? SkipReason => Missing.Value is { } why && !Tools.IsCi ? why + "; under CI=true this test fails instead of skipping" : null;

    /// <summary>Runs podman, as root or as <paramref name="user"/> (rootless), and returns its exit code; for tests' own bookkeeping.</summary>
    public static int Run(out string output, params string[] arguments) => RunAs(null, out output, arguments);

    public static int RunAs(string? user, out string output, params string[] arguments)
    {
        var info = new ProcessStartInfo(user is null ? "podman" : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        if (user is not null) foreach (var argument in new[] { "-u", user, "--", "podman" }) info.ArgumentList.Add(argument);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        process.WaitForExit(300_000);
        output = standardOutput.Result + standardError.Result;
        return process.HasExited ? process.ExitCode : -1;
    }

    /// <summary>Removes podman's volumes whose names start with <paramref name="prefix"/>.</summary>
    public static void RemoveVolumes(string prefix, string? user = null)
    {
        RunAs(user, out var listing, "volume", "ls", "--quiet");
        var volumes = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        if (volumes.Length > 0) RunAs(user, out _, ["volume", "rm", "--force", .. volumes]);
    }
}

/// <summary>A fact that needs podman and the Debian base image in its store; a rootless one also root, to make its ordinary user.</summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute(bool rootless = false) =>
        Skip = Podman.SkipReason ?? (rootless && Environment.UserName != "root" && !Tools.IsCi
            ? "needs root, to make the ordinary user it runs podman as; under CI=true this test fails instead of skipping"
            : null);
}
