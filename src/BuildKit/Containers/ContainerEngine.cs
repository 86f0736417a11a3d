using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>The container engine's CLI (docker, or podman which takes the same commands). DOCKER_HOST is honoured as docker does.</summary>
public sealed partial record ContainerEngine(string Program)
{
    public static readonly string[] Known = ["docker", "podman"];

    /// <summary>How long the engine may take to say what it is, and then to answer info; a daemon that accepts and never replies would hold the run forever.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The socket docker uses when DOCKER_HOST is not set.</summary>
    public const string DefaultDockerSocket = "unix:///var/run/docker.sock";

    /// <summary>$DOCKER_HOST as the run's environment has it: handed to every engine command, and named when the engine does not answer.</summary>
    public string? Host { get; init; }

    /// <summary>
    /// True for podman run by an ordinary user, which maps container users into the caller's subordinate ids: steps then
    /// keep the caller's id (--userns=keep-id), so that what they write is the caller's. Known once the engine answered.
    /// </summary>
    public bool Rootless { get; init; }

    /// <summary>True when the engine does not see this machine's files (see <see cref="EngineLocation"/>): steps' folders are copied, not bind-mounted.</summary>
    public bool Remote { get; init; }

    public bool IsPodman => Path.GetFileName(Program).StartsWith("podman", StringComparison.Ordinal);

    /// <summary>--engine=NAME, else the first of docker and podman on PATH.</summary>
    public static ContainerEngine Select(string? requested, EnvironmentSnapshot environment)
    {
        var host = environment[EnvVars.DockerHost];
        if (requested is not null) return new ContainerEngine(requested) { Host = host };
        var found = Known.FirstOrDefault(name => Executables.OnPath(name, environment));
        return found is not null
            ? new ContainerEngine(found) { Host = host }
            : throw new ContainerException(
                "No container engine found: neither docker nor podman is on PATH. Install one (e.g. sudo apt-get install docker.io, or sudo dnf install podman) and run again.");
    }

    /// <summary>An engine command; the engine client never needs the publishing or signing secrets, so it does not inherit them.</summary>
    public ToolCommand Command(LogStep step, params IEnumerable<string> arguments)
    {
        var command = new ToolCommand(Program, arguments).InStep(step)
            .WithEnvironment(EnvVars.GitHubToken, null)
            .WithEnvironment(EnvVars.GhToken, null)
            .WithEnvironment(EnvVars.GpgKey, null)
            .WithEnvironment(EnvVars.GitToken, null) with { Quiet = true };
        return Host is null ? command : command.WithEnvironment(EnvVars.DockerHost, Host);
    }

    /// <summary>
    /// Checks that the program is docker or podman (any other program is bad input) and that it answers, with one question
    /// when it does: only an engine fills in the server version of the info template, so a version in the answer proves
    /// both. Any other answer asks --version first, so that a program that is no engine is named as such before a daemon
    /// failure is explained. <paramref name="answerWithin"/> bounds each question. Returns the engine with what its answer
    /// told (whether podman runs rootless).
    /// </summary>
    public async Task<ContainerEngine> VerifyAsync(IProcessRunner runner, LogStep step, CancellationToken cancellationToken, TimeSpan? answerWithin = null)
    {
        var limit = answerWithin ?? AnswerTimeout;
        var info = await InfoAsync(runner, step, limit, cancellationToken);
        if (info is { Succeeded: true } && ServerVersion().Match(info.StandardOutput.Trim()) is { Success: true } answer)
            return this with { Rootless = answer.Groups["rootless"].Value == "true" };
        await CheckIsEngineAsync(runner, step, limit, cancellationToken);
        return info is { Succeeded: true } ? this : throw InfoFailure(info, limit);
    }

    /// <summary>The engine's answer to info, or null when it gave none within <paramref name="limit"/>.</summary>
    private async Task<ProcessResult?> InfoAsync(IProcessRunner runner, LogStep step, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(Command(step, "info", "--format", ServerVersionTemplate) with { AcceptsFailure = true, Timeout = limit }, cancellationToken);
        }
        catch (ToolFailedException e) when (!e.TimedOut)
        {
            throw NotInstalled;
        }
        catch (ToolFailedException)
        {
            return null;
        }
    }

    /// <summary>Where info keeps the server's version (podman's info is a structure of its own, not docker's), and podman's rootless flag.</summary>
    private string ServerVersionTemplate => IsPodman ? "{{.Version.Version}} {{.Host.Security.Rootless}}" : "{{.ServerVersion}}";

    /// <summary>A label's value in a ps template: docker's listing has a Label method, podman's a map of labels.</summary>
    public string LabelTemplate(string label) => IsPodman ? $"{{{{index .Labels \"{label}\"}}}}" : $"{{{{.Label \"{label}\"}}}}";

    private ContainerException InfoFailure(ProcessResult? result, TimeSpan limit)
    {
        if (result is null)
            return new ContainerException(
                $"The container engine at {Endpoint} does not answer: '{Program} info' had no reply within {limit.TotalSeconds:0.#} s. {NoAnswerFix}");
        var error = result.StandardError;
        if (error.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
            return new ContainerException(
                $"{Program} refused access to its socket (permission denied). Add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use rootless podman with --{Options.Engine}=podman.");
        if (error.Contains("Cannot connect", StringComparison.OrdinalIgnoreCase) || error.Contains("daemon running", StringComparison.OrdinalIgnoreCase)
            || error.Contains("connection refused", StringComparison.OrdinalIgnoreCase) || error.Contains("no such file", StringComparison.OrdinalIgnoreCase))
            return new ContainerException(
                $"The {Program} daemon is not running or not reachable ({ToolFailedException.Tail(error, 1)}). " + (Remote
                    ? "It is a remote engine: check that it runs on its machine and that this one reaches it (its address and port, ssh, a firewall), or unset the variable that points at it to use this machine's."
                    : $"Start it (sudo systemctl start docker), or point {EnvVars.DockerHost} at a running engine."));
        return new ContainerException($"'{Program} info' failed (exit {result.ExitCode}): {ToolFailedException.Tail(error, 3)}");
    }

    /// <summary>
    /// Asks --version rather than the version command: both engines answer it from the client alone, so a daemon that does
    /// not answer cannot make an engine look like something else, and any other program is refused by what it prints.
    /// </summary>
    private async Task CheckIsEngineAsync(IProcessRunner runner, LogStep step, TimeSpan limit, CancellationToken cancellationToken)
    {
        string said;
        try
        {
            var result = await runner.RunAsync(Command(step, "--version") with { AcceptsFailure = true, Timeout = limit }, cancellationToken);
            var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (line is not null && EngineVersion().IsMatch(line)) return;
            said = line is null ? $"printed nothing (exit {result.ExitCode})" : $"printed '{line}'";
        }
        catch (ToolFailedException e) when (!e.TimedOut)
        {
            throw NotInstalled;
        }
        catch (ToolFailedException)
        {
            said = $"did not finish within {limit.TotalSeconds:0.#} s";
        }
        throw new ConfigurationException(
            $"'{Program}' is not a container engine: '{Program} --version' {said}, where docker and podman print 'Docker version N' or 'podman version N'. " +
            $"Pass --{Options.Engine}=docker or --{Options.Engine}=podman (or the path to either), or leave out --{Options.Engine} to use the first of them on PATH.");
    }

    private ContainerException NotInstalled =>
        new($"The container engine '{Program}' is not installed or not on PATH. Install docker or podman, or pass --{Options.Engine}=PATH.");

    private string Endpoint =>
        IsPodman ? "podman's default connection"
        : Host is { } host ? $"{host} (${EnvVars.DockerHost})"
        : $"the default socket {DefaultDockerSocket}";

    private string NoAnswerFix =>
        IsPodman ? $"Look for a stuck podman process holding its storage (ps -C podman -f) and stop it, or pass --{Options.Engine}=docker."
        : Host is not null ? $"Check that the daemon behind that socket is running and not hung, and that ${EnvVars.DockerHost} names the socket you mean (unset it to use {DefaultDockerSocket})."
        : $"Check that the docker daemon is running and not hung (sudo systemctl status docker; sudo systemctl restart docker), or point ${EnvVars.DockerHost} at an engine that answers.";

    [GeneratedRegex(@"^(docker|podman)(-remote)?\s+version\s+\d", RegexOptions.IgnoreCase)]
    private static partial Regex EngineVersion();

    /// <summary>What info prints for its template: a version (then podman's rootless flag); a program that is no engine prints the template back, or nothing.</summary>
    [GeneratedRegex(@"^\d+\.\d+\S*( (?<rootless>true|false))?$")]
    private static partial Regex ServerVersion();
}

/// <summary>Finds programs on the PATH of an environment snapshot.</summary>
public static class Executables
{
    public static bool OnPath(string name, EnvironmentSnapshot environment) =>
        (environment[EnvVars.Path] ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, name)));
}
