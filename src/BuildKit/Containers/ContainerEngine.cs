using BuildKit.Configuration;
using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>The container engine's CLI (docker, or podman which takes the same commands). DOCKER_HOST is honoured as docker does.</summary>
public sealed record ContainerEngine(string Program)
{
    public static readonly string[] Known = ["docker", "podman"];

    public bool IsPodman => Path.GetFileName(Program).StartsWith("podman", StringComparison.Ordinal);

    /// <summary>--engine=NAME, else the first of docker and podman on PATH.</summary>
    public static ContainerEngine Select(string? requested, EnvironmentSnapshot environment)
    {
        if (requested is not null) return new ContainerEngine(requested);
        var found = Known.FirstOrDefault(name => Executables.OnPath(name, environment));
        return found is not null
            ? new ContainerEngine(found)
            : throw new ContainerException(
                "No container engine found: neither docker nor podman is on PATH. Install one (e.g. sudo apt-get install docker.io, or sudo dnf install podman) and run again.");
    }

    /// <summary>An engine command; the engine client never needs the publishing or signing secrets, so it does not inherit them.</summary>
    public ToolCommand Command(LogStep step, params IEnumerable<string> arguments) =>
        new ToolCommand(Program, arguments).InStep(step)
            .WithEnvironment(EnvVars.GitHubToken, null)
            .WithEnvironment(EnvVars.GhToken, null)
            .WithEnvironment(EnvVars.GpgKey, null)
            .WithEnvironment(EnvVars.GitToken, null) with { Quiet = true };

    /// <summary>Checks the engine answers, turning the usual failures into one line each.</summary>
    public async Task CheckAsync(IProcessRunner runner, LogStep step, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(Command(step, "info", "--format", "{{.ServerVersion}}") with { AcceptsFailure = true, Timeout = TimeSpan.FromSeconds(60) }, cancellationToken);
        }
        catch (ToolFailedException e) when (!e.TimedOut)
        {
            throw new ContainerException($"The container engine '{Program}' is not installed or not on PATH. Install docker or podman, or pass --{Options.Engine}=PATH.");
        }
        if (result.Succeeded) return;
        var error = result.StandardError;
        if (error.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
            throw new ContainerException(
                $"{Program} refused access to its socket (permission denied). Add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use rootless podman with --{Options.Engine}=podman.");
        if (error.Contains("Cannot connect", StringComparison.OrdinalIgnoreCase) || error.Contains("daemon running", StringComparison.OrdinalIgnoreCase)
            || error.Contains("connection refused", StringComparison.OrdinalIgnoreCase) || error.Contains("no such file", StringComparison.OrdinalIgnoreCase))
            throw new ContainerException(
                $"The {Program} daemon is not running or not reachable ({ToolFailedException.Tail(error, 1)}). Start it (sudo systemctl start docker), or point DOCKER_HOST at a running engine.");
        throw new ContainerException($"'{Program} info' failed (exit {result.ExitCode}): {ToolFailedException.Tail(error, 3)}");
    }
}

/// <summary>Finds programs on the PATH of an environment snapshot.</summary>
public static class Executables
{
    public static bool OnPath(string name, EnvironmentSnapshot environment) =>
        (environment[EnvVars.Path] ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, name)));
}
