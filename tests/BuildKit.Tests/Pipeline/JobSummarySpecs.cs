using BuildKit.Configuration;
using BuildKit.Pipeline;
using BuildKit.Planning;
using BuildKit.Logging;
using BuildKit.Processes;

namespace BuildKit.Tests.Pipeline;

public sealed class JobSummarySpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly RecordingLog _log = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A run of the Fetch stage whose step prints a line through the process runner, then fails.</summary>
    private async Task RunFailingFetchAsync(params (string Name, string Value)[] environment)
    {
        var config = _temp.File("products.yaml", $"""
            products:
              hotspot: {"{"} repo: "file:///nowhere/hotspot.git", ref: main, recipe: hotspot, spec: "{Path.Combine(Repository.Root, "specs", "hotspot.spec")}" {"}"}
            """);
        var arguments = new Dictionary<string, IReadOnlyList<string>>
        {
            ["config"] = [config], ["target"] = ["Fetch"], ["artifacts"] = [_temp.Combine("artifacts")], ["cache-dir"] = [_temp.Combine("cache")],
        };
        using var runner = StageRunner.Open(Repository.Root, arguments, EnvironmentSnapshot.Of(environment), DateTimeOffset.UtcNow, _log);
        var fetch = new PipelineStage("Fetch", "a stage in a test",
            (_, _, _) => Task.FromResult(StageDecision.Run),
            async (run, product, ct) =>
            {
                await run.Runner.RunAsync(new ToolCommand("echo", "mirroring").InStep(new LogStep(product.Name, "fetch")), ct);
                throw new BuildKitException("The repository does not exist.\nCheck the URL.");
            },
            (_, _, _) => Task.CompletedTask);
        var act = () => runner.RunAsync(fetch, CancellationToken.None);
        await act.Should().ThrowAsync<RunFailedException>();
        runner.PrintSummary();
    }

    [Fact]
    public async Task Under_github_actions_each_step_is_a_group_each_failure_an_annotation_and_the_run_a_job_summary()
    {
        // Arrange
        var summary = _temp.Combine("step-summary.md");

        // Act
        await RunFailingFetchAsync(("GITHUB_ACTIONS", "true"), ("GITHUB_STEP_SUMMARY", summary), ("HOME", _temp.Path));

        // Assert
        _log.Lines.Should().ContainInOrder(
            "::group::[hotspot/fetch] echo mirroring",
            "[hotspot/fetch] start: echo mirroring",
            "::endgroup::",
            "::error title=BuildKit hotspot/Fetch::hotspot/Fetch: The repository does not exist.%0ACheck the URL.");
        File.ReadAllText(summary).Should().StartWith("## BuildKit: Fetch for fedora-43")
            .And.Contain("| hotspot | - | - |")
            .And.MatchRegex(@"\| hotspot \| Fetch \| \*\*FAILED\*\* \| 00:0\d \| The repository does not exist\. \|")
            .And.Contain("| hotspot | Publish | skipped |  | not part of target Fetch |")
            .And.Contain("> hotspot/Fetch: The repository does not exist.<br>Check the URL.");
    }

    [Fact]
    public async Task Outside_github_actions_no_workflow_command_is_printed_and_no_summary_is_written()
    {
        // Arrange
        var summary = _temp.Combine("step-summary.md");

        // Act
        await RunFailingFetchAsync(("GITHUB_STEP_SUMMARY", summary), ("HOME", _temp.Path));

        // Assert
        _log.Lines.Should().NotContain(line => line.StartsWith("::", StringComparison.Ordinal));
        _log.Text.Should().Contain("[hotspot/Fetch] failed: hotspot/Fetch: The repository does not exist.");
        File.Exists(summary).Should().BeFalse();
    }
}
