using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Tests.Containers;

public sealed class ContainerRemovalsSpecs
{
    /// <summary>Answers every command at once but docker rm, which ends only when the test lets it.</summary>
    private sealed class SlowRemovalRunner : IProcessRunner
    {
        private readonly List<string> _rendered = [];

        public TaskCompletionSource<ProcessResult> Removal { get; } = new();

        public IReadOnlyList<string> Rendered
        {
            get { lock (_rendered) return [.. _rendered]; }
        }

        public Task<ProcessResult> RunAsync(ToolCommand command, CancellationToken cancellationToken = default)
        {
            lock (_rendered) _rendered.Add(command.Render());
            return command.Render().Contains(" rm --force ", StringComparison.Ordinal) ? Removal.Task : Task.FromResult(new ProcessResult(0, "", "", TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task A_finished_container_is_removed_in_the_background_and_the_run_waits_for_the_removal_before_it_ends()
    {
        // Arrange
        var runner = new SlowRemovalRunner();
        var removals = new ContainerRemovals();
        var container = new BuilderContainer(new ContainerEngine("docker"), runner, HostUser.Root, "buildkit-hotspot-build-0123", new LogStep("hotspot", "container"), removals);

        // Act
        await container.DisposeAsync();
        var end = removals.WaitAsync();
        var endedBeforeRemoval = end.IsCompleted;
        runner.Removal.SetResult(new ProcessResult(0, "", "", TimeSpan.Zero));
        await end;

        // Assert
        runner.Rendered.Should().ContainSingle(c => c.EndsWith("docker rm --force buildkit-hotspot-build-0123", StringComparison.Ordinal));
        endedBeforeRemoval.Should().BeFalse("the run ends only once its containers are gone");
    }
}
