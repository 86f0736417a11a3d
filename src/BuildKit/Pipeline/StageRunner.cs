using System.Collections.Immutable;
using System.Diagnostics;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.GitHub;
using BuildKit.Logging;
using BuildKit.Planning;
using BuildKit.Processes;
using BuildKit.Stages;

namespace BuildKit.Pipeline;

/// <summary>
/// Runs the pipeline's stages for every product of a plan: each stage decides for each product (run, skip or reuse, with a
/// reason) before anything runs, then runs, one product after another or all at once with --parallel. A product that fails
/// stops there while the others go on; the run ends with every failure, each beginning PRODUCT/STAGE:.
/// </summary>
public sealed class StageRunner(BuildRun run) : IDisposable
{
    private FileLock? _artifactsLock;

    public BuildRun Run { get; } = run;
    public ImmutableArray<ProductRun> Products { get; } = [.. run.Plan.Products.Select(p => new ProductRun(p))];

    public ProductRun this[string product] => Products.Single(p => p.Name == product);

    /// <summary>Reads the products file and the arguments and computes the plan. Bad input raises <see cref="ConfigurationException"/>.</summary>
    public static StageRunner Open(
        string root, IReadOnlyDictionary<string, IReadOnlyList<string>> arguments, EnvironmentSnapshot environment, DateTimeOffset now, IBuildLog log)
    {
        var paths = new Paths(Path.GetFullPath(root));
        var configPath = BuildArguments.ConfigPath(arguments) is { } given ? Path.GetFullPath(given) : paths.DefaultProductsFile;
        var products = ProductsFile.Load(configPath);
        var parsed = BuildArguments.Parse(arguments, products);
        if (parsed.Artifacts is { } artifacts) paths = paths with { Artifacts = artifacts };
        var plan = Plan(products, parsed, environment, now, paths);
        PlanChecks.Check(plan, paths);
        if (JobSummary.UnderGitHubActions(environment)) log = new GitHubActionsLog(log, groups: !plan.Parallel);
        return new StageRunner(new BuildRun(plan, paths, environment, log, new ProcessRunner(log, paths.Logs)));
    }

    /// <summary>The plan of a run: <see cref="BuildPlanner"/> with what the chosen target runs of this pipeline's stages.</summary>
    public static BuildPlan Plan(ProductsFile products, BuildArguments arguments, EnvironmentSnapshot environment, DateTimeOffset now, Paths paths) =>
        BuildPlanner.Create(products, arguments, environment, now, paths, Targets.Scope(arguments.Target));

    public void PrintPlan() => Run.Log.Information(PlanTable.Render(Run.Plan, Run.Paths));

    /// <summary>
    /// Before any stage runs: the artifacts folder is taken (another run in it is waited for, or with --no-wait named), and
    /// what would make the run fail late is checked: a container engine that is not one or does not answer (when a stage
    /// needs it), and publishing that cannot work (a bad token, no such repository, no push; unless a dry run).
    /// </summary>
    public async Task PreflightAsync(CancellationToken cancellationToken)
    {
        if (Run.Plan.Target.Preview) return;
        _artifactsLock ??= await FileLock.AcquireAsync(Run.Paths.ArtifactsLock, $"the artifacts folder {Run.Paths.Artifacts}", Run.Log, cancellationToken,
            Run.Plan.NoWait ? $"Wait for it to end, run without --{Options.NoWait} to wait for it, or give this run its own --{Options.Artifacts}=DIR." : null);
        if (Run.Plan.Runs(BuildPipeline.Provision))
            await Run.EngineAsync(cancellationToken);
        if (Run.Plan.Target.Publishes && !Run.Plan.DryRun)
            await GitHubPreflight.CheckAsync(Run.Plan.GitHub, Run.Log, cancellationToken);
    }

    public async Task RunAsync(PipelineStage stage, CancellationToken cancellationToken)
    {
        var products = Products.Where(p => p.Failure is null && p.Plan[stage.Name].Runs).ToList();
        if (Run.Plan.Parallel) await Task.WhenAll(products.Select(p => RunAsync(stage, p, cancellationToken)));
        else foreach (var product in products) await RunAsync(stage, product, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (stage.FinishAsync is { } finish && products.Any(p => p.Failure is null))
        {
            try
            {
                await finish(Run, Products, cancellationToken);
            }
            catch (BuildKitException e)
            {
                throw new RunFailedException([.. Failures, new StageFailedException("all products", stage.Name, e)]);
            }
        }
        var last = stage.Name == Run.Plan.Target.Runs[^1];
        if (last) await Run.Removals.WaitAsync();
        var failures = Failures;
        if (failures.Count > 0 && (last || Products.All(p => p.Failure is not null)))
            throw new RunFailedException(failures);
    }

    /// <summary>The Clean target: the containers of runs that ended without removing them (killed, or a lost machine) go.</summary>
    public async Task CleanAsync(CancellationToken cancellationToken) => await Run.TidiedEngineAsync(cancellationToken);

    /// <summary>Where a cancelled run stopped: PRODUCT/STAGE of every product a stage was running for, or before the stages.</summary>
    public string CancelledAt =>
        string.Join(", ", Products.SelectMany(p => p.Outcomes.Where(o => o.Value.Result == Cancelled).Select(o => $"{p.Name}/{o.Key}"))) is { Length: > 0 } where
            ? where
            : "the checks before the stages";

    private const string Cancelled = "cancelled";

    private List<StageFailedException> Failures => [.. Products.Where(p => p.Failure is not null).Select(p => p.Failure!)];

    private async Task RunAsync(PipelineStage stage, ProductRun product, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var decision = StageDecision.Run;
        try
        {
            decision = await stage.DecideAsync(Run, product, cancellationToken);
            if (decision.Kind != DecisionKind.Run) Run.Log.Information($"[{product.Name}/{stage.Name}] {decision}");
            if (decision.Kind == DecisionKind.Run) await stage.RunAsync(Run, product, cancellationToken);
            else if (decision.Kind == DecisionKind.Reuse && stage.ReuseAsync is { } reuse) await reuse(Run, product, cancellationToken);
            product.Outcomes[stage.Name] = new StageOutcome(decision, "ok", stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            product.Outcomes[stage.Name] = new StageOutcome(decision, Cancelled, stopwatch.Elapsed);
            throw;
        }
        catch (Exception e)
        {
            product.Outcomes[stage.Name] = new StageOutcome(decision, "FAILED", stopwatch.Elapsed);
            product.Failure = new StageFailedException(product.Name, stage.Name, e);
            Run.Log.Information($"[{product.Name}/{stage.Name}] failed: {product.Failure.Message.Split('\n')[0]}");
            Run.Log.Annotate($"{product.Name}/{stage.Name}", product.Failure.Message);
        }
    }

    /// <summary>Ends the run, failed or cancelled too: its containers are removed before the artifacts folder is let go.</summary>
    public void Dispose()
    {
        Run.Removals.WaitAsync().GetAwaiter().GetResult();
        _artifactsLock?.Dispose();
    }

    /// <summary>The end-of-run table: every product and stage, what it decided and why, how it ended, how long it took, what it produced.</summary>
    public void PrintSummary()
    {
        var rows = SummaryRows();
        Run.Log.Information("BuildKit summary\n" + PlanTable.Table(SummaryRow.Headers, [.. rows.Select(r => r.Cells)]));
        JobSummary.Append(Run, Products, rows);
    }

    private List<SummaryRow> SummaryRows() =>
    [
        .. Products.SelectMany(product => product.Plan.Stages.Select(planned =>
        {
            var outcome = product.Outcomes.GetValueOrDefault(planned.Stage);
            return new SummaryRow(
                product.Name, planned.Stage,
                outcome is { Result: "ok", Decision.Kind: DecisionKind.Reuse } ? "reused" : outcome?.Result ?? (planned.Decision.Runs ? "not reached" : "skipped"),
                outcome is null ? "" : ProcessRunner.Elapsed(outcome.Duration),
                outcome?.Result == "FAILED" && product.Failure is { } failure ? Headline(failure) : (outcome?.Decision ?? planned.Decision).Reason ?? "",
                planned.Stage == BuildPipeline.Package && product.Packages.ValueOrNull is { } packaged
                    ? string.Join(" ", packaged.Rpms.Concat(packaged.Srpms).Select(Run.Paths.Display)) : "");
        })),
    ];

    /// <summary>A failure's first line without its PRODUCT/STAGE prefix, short enough for a table cell; the whole message follows the table.</summary>
    private static string Headline(StageFailedException failure)
    {
        var line = failure.Message.Split('\n')[0][(failure.Product.Length + failure.Stage.Length + 3)..];
        return line.Length <= HeadlineLength ? line : line[..(HeadlineLength - 1)] + "…";
    }

    private const int HeadlineLength = 80;
}

/// <summary>One line of the end-of-run summary: a product's stage, how it ended, how long it took, why, what it produced.</summary>
public sealed record SummaryRow(string Product, string Stage, string Result, string Time, string Why, string Artifacts)
{
    public static IReadOnlyList<string> Headers { get; } = ["PRODUCT", "STAGE", "RESULT", "TIME", "WHY", "ARTIFACTS"];

    public IReadOnlyList<string> Cells => [Product, Stage, Result, Time, Why, Artifacts];
}
