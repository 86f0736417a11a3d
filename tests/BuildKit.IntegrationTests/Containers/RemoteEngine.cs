using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Containers;

/// <summary>A Docker Engine in a container that shares no folder with this machine, reached over TCP (tests/remote-engine.sh).</summary>
internal sealed class RemoteEngine : IAsyncDisposable
{
    private static readonly ProcessRunner Runner = new(new RecordingLog());
    private static readonly string Script = Path.Combine(Repository.Root, "tests", "remote-engine.sh");
    private readonly string _name;

    private RemoteEngine(string name, string host)
    {
        _name = name;
        Host = host;
    }

    /// <summary>tcp://127.0.0.1:PORT, as DOCKER_HOST names it.</summary>
    public string Host { get; }

    /// <summary>Starts the engine with <paramref name="images"/> copied into it from this machine's.</summary>
    public static async Task<RemoteEngine> StartAsync(params string[] images)
    {
        var started = (await Runner.RunAsync(new ToolCommand(Script, ["start", .. images]) with { Quiet = true })).StandardOutput.Trim().Split(' ');
        return new RemoteEngine(started[0], started[1]);
    }

    public async Task<string> DockerAsync(params string[] arguments) =>
        (await Runner.RunAsync(new ToolCommand("docker", arguments).WithEnvironment("DOCKER_HOST", Host) with { Quiet = true })).StandardOutput.Trim();

    public async ValueTask DisposeAsync() => await Runner.RunAsync(new ToolCommand(Script, "stop", _name) with { Quiet = true, AcceptsFailure = true });
}
