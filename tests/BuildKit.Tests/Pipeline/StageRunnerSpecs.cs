using BuildKit.Configuration;
using BuildKit.Pipeline;
using BuildKit.Planning;
using BuildKit.Stages;

namespace BuildKit.Tests.Pipeline;

public sealed class StageRunnerSpecs
{
    private readonly RecordingLog _log = new();

    private StageRunner Runner(params string[] options)
    {
        var products = PlanFixture.Products();
        var plan = StageRunner.Plan(products, BuildArguments.Parse(PlanFixture.Args(options), products), EnvironmentSnapshot.Of(("HOME", "/home/dev")), PlanFixture.Now, PlanFixture.Paths);
        return new StageRunner(new BuildRun(plan, PlanFixture.Paths, EnvironmentSnapshot.Empty, _log, new RecordingProcessRunner()));
    }

    private static PipelineStage Stage(
        string name, Func<ProductRun, Task>? run = null, Func<ProductRun, StageDecision>? decide = null) => new(
        name, "a stage in a test",
        (_, product, _) => Task.FromResult(decide?.Invoke(product) ?? StageDecision.Run),
        (_, product, _) => run?.Invoke(product) ?? Task.CompletedTask,
        (_, _, _) => Task.CompletedTask);

    [Fact]
    public async Task A_product_that_fails_stops_there_while_the_others_go_on_and_the_run_ends_with_its_failure()
    {
        // Arrange
        var runner = Runner("--target=Version");
        var versioned = new List<string>();

        // Act
        await runner.RunAsync(Stage("Fetch", p => p.Name == "grafana" ? throw new BuildKitException("no such ref. Check it.") : Task.CompletedTask), CancellationToken.None);
        var last = () => runner.RunAsync(Stage("Version", p => { versioned.Add(p.Name); return Task.CompletedTask; }), CancellationToken.None);

        // Assert
        (await last.Should().ThrowAsync<RunFailedException>()).WithMessage("grafana/Fetch: no such ref. Check it.");
        versioned.Should().Equal("hotspot");
        runner["grafana"].Outcomes["Fetch"].Result.Should().Be("FAILED");
        runner.PrintSummary();
        _log.Text.Should().MatchRegex(@"grafana\s+Version\s+not reached").And.MatchRegex(@"hotspot\s+Version\s+ok");
    }

    [Fact]
    public async Task Two_failing_products_are_both_reported_each_with_its_product_and_stage()
    {
        // Arrange
        var runner = Runner("--target=Fetch");

        // Act
        var act = () => runner.RunAsync(Stage("Fetch", p => throw new BuildKitException($"{p.Name} is broken.")), CancellationToken.None);

        // Assert
        var failure = (await act.Should().ThrowAsync<RunFailedException>()).Which;
        failure.Message.Should().Be("2 products failed:\ngrafana/Fetch: grafana is broken.\nhotspot/Fetch: hotspot is broken.");
        failure.ExitCode.Should().Be(BuildKitException.Failed);
    }

    [Fact]
    public async Task Parallel_products_all_run_and_every_failure_is_reported()
    {
        // Arrange
        var runner = Runner("--target=Fetch", "--parallel");
        var started = 0;

        // Act
        var act = () => runner.RunAsync(Stage("Fetch", async p =>
        {
            Interlocked.Increment(ref started);
            await Task.Yield();
            throw new BuildKitException($"{p.Name} is broken.");
        }), CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>()).Which.Failures.Select(f => f.Product).Should().BeEquivalentTo("grafana", "hotspot");
        started.Should().Be(2);
    }

    [Fact]
    public async Task A_stage_that_reuses_an_earlier_build_says_why_and_runs_nothing_and_the_summary_repeats_it()
    {
        // Arrange
        var runner = Runner("--target=Fetch");
        var ran = false;

        // Act
        await runner.RunAsync(Stage("Fetch", _ => { ran = true; return Task.CompletedTask; }, _ => StageDecision.Reuse("nothing changed since the last build")), CancellationToken.None);
        runner.PrintSummary();

        // Assert
        ran.Should().BeFalse();
        _log.Text.Should().Contain("[grafana/Fetch] reuse: nothing changed since the last build")
            .And.MatchRegex(@"hotspot\s+Fetch\s+reused\s+\d\d:\d\d\s+nothing changed since the last build");
    }

    [Fact]
    public async Task The_summary_says_why_a_stage_failed_in_a_line_short_enough_for_the_table()
    {
        // Arrange
        var runner = Runner("--target=Fetch");

        // Act
        var act = () => runner.RunAsync(Stage("Fetch", p => throw new BuildKitException(
            p.Name == "grafana" ? "Go could not be downloaded." : $"The ref 'master' does not exist: {new string('x', 100)}\nClosest branches: main.")), CancellationToken.None);
        await act.Should().ThrowAsync<RunFailedException>();
        runner.PrintSummary();

        // Assert
        _log.Text.Should().MatchRegex(@"grafana\s+Fetch\s+FAILED\s+\d\d:\d\d\s+Go could not be downloaded\.")
            .And.MatchRegex(@"hotspot\s+Fetch\s+FAILED\s+\d\d:\d\d\s+The ref 'master' does not exist: x{46}…\s");
    }

    [Fact]
    public async Task An_error_BuildKit_does_not_explain_is_reported_as_a_bug_with_its_stack_trace()
    {
        // Arrange
        var runner = Runner("--target=Fetch", "--products=hotspot");

        // Act
        var act = () => runner.RunAsync(Stage("Fetch", _ => throw new InvalidOperationException("a slot was read too early")), CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>()).WithMessage("hotspot/Fetch: unexpected InvalidOperationException (a BuildKit bug; please report it with this text)*a slot was read too early*at *");
    }

    [Fact]
    public void The_stage_order_is_the_pipelines_list_and_every_target_follows_it()
    {
        // Act
        var stages = BuildPipeline.Stages.Select(s => s.Name).ToList();
        var scopes = Targets.All.Where(t => t.LastStage is not null).ToDictionary(t => t.Name, t => Targets.Scope(t.Name).Runs);

        // Assert
        stages.Should().Equal("Fetch", "Version", "Provision", "Build", "Package", "Sbom", "Verify", "Publish");
        scopes["Build"].Should().Equal("Fetch", "Version", "Provision", "Build");
        scopes["Sbom"].Should().Equal("Fetch", "Version", "Provision", "Build", "Package", "Sbom");
        scopes["Default"].Should().Equal(stages.Take(7));
        scopes["Nightly"].Should().Equal(stages);
        Targets.Scope("Nightly").Rolling.Should().BeTrue();
        Targets.Scope("Plan").Should().Match<TargetScope>(s => s.Preview && s.Name == "Default" && !s.Publishes);
        Targets.Scope("Build").Packages.Should().BeFalse();
        Targets.Scope("Package").Packages.Should().BeTrue();
    }
}
