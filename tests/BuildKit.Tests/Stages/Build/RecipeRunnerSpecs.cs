using System.Collections.Concurrent;
using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Stages.Build;
using BuildKit.Versioning;

namespace BuildKit.Tests.Stages.Build;

public sealed class RecipeRunnerSpecs : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDir _temp = TempDir.Create();
    private readonly HeldSteps _runner = new("first", "beside", "after");
    private readonly ContainerRemovals _removals = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_step_beside_the_one_before_it_runs_at_the_same_time_and_the_step_after_them_waits_for_both()
    {
        // Arrange
        var build = Build(new("first", "echo first"), new("beside", "echo beside") { RunsBesidePrevious = true }, new("after", "echo after"));

        // Act
        await _runner.Started("first", "beside").WaitAsync(Patience);
        var afterStartedEarly = _runner.Events.Contains("after started");
        _runner.End("first");
        _runner.End("beside");
        await _runner.Started("after").WaitAsync(Patience);
        _runner.End("after");
        await build.WaitAsync(Patience);

        // Assert
        afterStartedEarly.Should().BeFalse();
        _runner.Events.Should().HaveCount(6).And.EndWith(["after started", "after ended"]);
    }

    [Fact]
    public async Task Steps_without_the_mark_run_one_after_the_other()
    {
        // Arrange
        var build = Build(new("first", "echo first"), new("beside", "echo beside"), new("after", "echo after"));

        // Act
        await _runner.Started("first").WaitAsync(Patience);
        var besideStartedEarly = _runner.Events.Contains("beside started");
        foreach (var step in new[] { "first", "beside", "after" })
        {
            await _runner.Started(step).WaitAsync(Patience);
            _runner.End(step);
        }
        await build.WaitAsync(Patience);

        // Assert
        besideStartedEarly.Should().BeFalse();
        _runner.Events.Should().Equal("first started", "first ended", "beside started", "beside ended", "after started", "after ended");
    }

    [Fact]
    public async Task The_first_of_two_steps_at_once_to_fail_is_reported_and_the_kept_container_with_the_other_still_running_goes_at_once()
    {
        // Arrange
        var build = Build(new("first", "echo first"), new("beside", "echo beside") { RunsBesidePrevious = true }, new("after", "echo after"));
        await _runner.Started("first", "beside").WaitAsync(Patience);

        // Act
        _runner.End("beside", exitCode: 2);
        var act = () => build.WaitAsync(Patience);

        // Assert
        (await act.Should().ThrowAsync<StepFailedException>()).Which.Message.Should().Contain("step 'beside' failed (exit 2)");
        _runner.Events.Should().NotContain("first ended", "the first step was still running").And.NotContain("after started");
        _runner.Rendered.Should().ContainSingle(c => c.StartsWith("docker rm --force buildkit-demo-container-", StringComparison.Ordinal),
            "the run's end would come too late for a step still running in it");
    }

    private Task<BuiltTree> Build(params RecipeStep[] steps)
    {
        var containers = new ContainerRunner(new ContainerEngine("docker"), _runner, HostUser.Root, null, [], ImmutableDictionary<string, string>.Empty, _removals);
        var tree = Directory.CreateDirectory(_temp.Combine("tree")).FullName;
        var context = new RecipeContext(tree, Distribution.Named(Distribution.DefaultName, "tests"),
            new PackageVersion(null, "1.0.0", 1, VersionKind.Release, "tag"), "0123abc", "v1.0.0", DateTimeOffset.UnixEpoch, 2, 24_000);
        var image = new BuilderImage(context.Distribution, new Toolset("demo"), "base", "Containerfile", null, null);
        var folders = new BuildFolders(_temp.Combine("build"), _temp.Combine("stage"), _temp.Combine("bundled"), _temp.Combine("vendored"));
        return new RecipeRunner(containers, new RecordingLog(), null, null, null, [new ContainerMount(_temp.Combine("rpmbuild"), "/rpmbuild")])
            .BuildAsync(new StepsRecipe([.. steps]), context, new ProvisionedBuilder(image, "builder:1", "sha256:1111", true, TimeSpan.Zero), "demo",
                folders, [], null, CancellationToken.None);
    }

    /// <summary>A recipe that is its steps and nothing else.</summary>
    private sealed class StepsRecipe(ImmutableArray<RecipeStep> steps) : IRecipe
    {
        public string Name => "demo";
        public Toolset Toolset(Distribution distribution, string tree, Packager packager) => new("demo");
        public ImmutableArray<Packager> Packagers => [Packager.Rpmbuild];
        public ImmutableArray<CacheVolume> Caches => [];
        public ImmutableArray<string> PassThrough => [];
        public string? StatedVersion(string tree) => null;
        public string? VersionFile => null;
        public void Validate(string tree) { }
        public ImmutableArray<RecipeStep> Steps(RecipeContext context) => steps;
        public string ToolchainQuery => "echo toolchains";
        public string PinnedToolchains(string tree) => "";
        public InstalledChecks Checks => InstalledChecks.Smoke("true");
        public ImmutableArray<string> RpmbuildOptions(Distribution distribution, string tree) => [];
    }

    /// <summary>
    /// A process runner under which each named step (a docker exec of "echo NAME") runs until the test ends it, so that a test
    /// sees which steps run at the same time without timing anything. Every other command succeeds at once.
    /// </summary>
    private sealed class HeldSteps(params string[] steps) : IProcessRunner
    {
        private readonly Dictionary<string, TaskCompletionSource<int>> _ends =
            steps.ToDictionary(s => s, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        private readonly Dictionary<string, TaskCompletionSource> _starts =
            steps.ToDictionary(s => s, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        private readonly ConcurrentQueue<string> _events = new();
        private readonly ConcurrentQueue<string> _rendered = new();

        public IReadOnlyList<string> Events => [.. _events];
        public IReadOnlyList<string> Rendered => [.. _rendered];

        public Task Started(params string[] names) => Task.WhenAll(names.Select(n => _starts[n].Task));

        public void End(string step, int exitCode = 0) => _ends[step].SetResult(exitCode);

        public async Task<ProcessResult> RunAsync(ToolCommand command, CancellationToken cancellationToken = default)
        {
            var rendered = command.Render();
            _rendered.Enqueue(rendered);
            if (!rendered.StartsWith("docker exec", StringComparison.Ordinal) || _ends.Keys.FirstOrDefault(s => rendered.EndsWith($"echo {s}'", StringComparison.Ordinal)) is not { } step)
                return new ProcessResult(0, "", "", TimeSpan.Zero);
            _events.Enqueue($"{step} started");
            _starts[step].SetResult();
            var exitCode = await _ends[step].Task.WaitAsync(cancellationToken);
            _events.Enqueue($"{step} ended");
            return exitCode == 0 ? new ProcessResult(0, "", "", TimeSpan.Zero) : throw new ToolFailedException(command, exitCode, $"{step} broke");
        }
    }
}
