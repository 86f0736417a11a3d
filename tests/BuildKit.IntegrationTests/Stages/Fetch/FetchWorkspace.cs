using System.Collections.Immutable;
using BuildKit.Processes;
using BuildKit.Stages.Fetch;

namespace BuildKit.IntegrationTests.Stages.Fetch;

/// <summary>What the Fetch specs run in: a temp folder with its own cache, a recording log and the real process runner.</summary>
internal sealed class FetchWorkspace : IDisposable
{
    public static readonly GitSettings Git = new(ImmutableDictionary<string, string>.Empty, null, TimeSpan.FromMinutes(2));

    public FetchWorkspace() => Runner = new ProcessRunner(Log, Temp.Combine("logs"));

    public TempDir Temp { get; } = TempDir.Create();
    public RecordingLog Log { get; } = new();
    public ProcessRunner Runner { get; }
    public string Cache => Temp.Combine("cache");
    public MirrorCache Mirrors => new(Cache, Git, Runner, Log);

    public SourceFetcher Fetcher(GitSettings? git = null) => new(Cache, git ?? Git, Runner, Log);

    public void Dispose() => Temp.Dispose();
}
