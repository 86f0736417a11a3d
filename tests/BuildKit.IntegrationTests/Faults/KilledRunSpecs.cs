using BuildKit.IntegrationTests.Containers;

namespace BuildKit.IntegrationTests.Faults;

/// <summary>
/// Fault class 11: a run killed outright leaves its containers, and the next run removes them. It runs with the orphan
/// specs, alone: every run removes the containers of runs that are gone, so another test's run would otherwise at times
/// remove them first, between the kill and the run that must.
/// </summary>
[Collection(nameof(OrphanContainerSpecs))]
public sealed class KilledRunSpecs : IDisposable
{
    private readonly FaultWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static readonly Fault Killed = new("11 SIGKILL of ./build.sh while its builder container runs", async w =>
    {
        await w.HelloAsync(BuiltHello.Release);
        using var run = w.Start(w.Options("--target=Build"));
        await w.WaitForOutputAsync(run, "[hello/build]", seconds: 600);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (EngineFaultSpecs.ContainersOf(run.Id).Count == 0 && waited.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(200);
        await FaultWorkspace.SignalAsync(run, "KILL");
        await w.EndAsync(run);
        EngineFaultSpecs.ContainersOf(run.Id).Should().NotBeEmpty("a killed run cannot remove its containers itself");
        var clean = await w.RunAsync(w.Options("--target=Clean"));
        EngineFaultSpecs.ContainersOf(run.Id).Should().BeEmpty("the next run removes the containers whose owner is gone");
        return clean;
    }, 0, "removed", "container(s) left running by a BuildKit run that ended without removing them");

    [DockerFact]
    public async Task Class_11_a_run_killed_while_its_builder_container_runs_leaves_containers_that_the_next_run_removes()
    {
        // Act
        var result = await Killed.Cause(_workspace);

        // Assert
        Killed.ShouldHaveEndedAsItMust(result, _workspace);
    }
}
