using System.Diagnostics;
using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Containers;

/// <summary>
/// Every run removes the containers of BuildKit runs that are gone, whoever started them: these specs run alone, so that
/// no other test's run removes the orphan they make before they look.
/// </summary>
[CollectionDefinition(nameof(OrphanContainerSpecs), DisableParallelization = true)]
public sealed class OrphanContainerCollection;

[Collection(nameof(OrphanContainerSpecs))]
public sealed class OrphanContainerSpecs
{
    private readonly string _product = "t" + Guid.NewGuid().ToString("N")[..10];
    private readonly ProcessRunner _runner = new(new RecordingLog());

    private async Task<string> StartLabelledAsync(string name, string owner) => (await _runner.RunAsync(new ToolCommand("docker", "run", "--detach", "--rm",
        "--name", name, "--label", "buildkit.product=" + _product, "--label", $"{ContainerOwner.Label}={owner}", Docker.BaseImage, "sleep", "300") with { Quiet = true })).StandardOutput.Trim();

    [DockerFact]
    public async Task Containers_whose_owner_process_is_gone_are_removed_by_the_next_run_and_living_owners_keep_theirs()
    {
        // Arrange
        using var ended = Process.Start("true")!;
        await ended.WaitForExitAsync();
        var orphan = await StartLabelledAsync($"buildkit-{_product}-orphan", new ContainerOwner(Environment.MachineName, ended.Id, 1).ToString());
        var living = await StartLabelledAsync($"buildkit-{_product}-living", ContainerOwner.Current.ToString());
        var log = new RecordingLog();

        // Act
        await ContainerOwner.RemoveOrphansAsync(new ContainerEngine("docker"), _runner, log, new LogStep("builder", "engine"), CancellationToken.None);

        // Assert
        var left = (await _runner.RunAsync(new ToolCommand("docker", "ps", "--all", "--quiet", "--filter", "label=buildkit.product=" + _product) with { Quiet = true }))
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        left.Should().ContainSingle().Which.Should().Be(living[..12]);
        log.Text.Should().MatchRegex($"removed [0-9]+ container\\(s\\) left running by a BuildKit run that ended without removing them: .*buildkit-{_product}-orphan");
        orphan.Should().NotStartWith(left[0]);
        await _runner.RunAsync(new ToolCommand("docker", "rm", "--force", living) with { Quiet = true });
    }
}
