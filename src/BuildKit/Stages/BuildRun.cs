using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Logging;
using BuildKit.Planning;
using BuildKit.Processes;
using BuildKit.Products;

namespace BuildKit.Stages;

/// <summary>
/// What every stage of one run reads: the plan, the paths, the environment and the clock (both read once, before planning),
/// the log and the one process runner. Stages receive it instead of creating any of these, so that their logic can be
/// tested with a recording runner. It lives below the stage folders because every one of them reads it.
/// </summary>
public sealed class BuildRun(BuildPlan plan, Paths paths, EnvironmentSnapshot environment, IBuildLog log, IProcessRunner runner)
{
    private readonly HostUser _user = HostUser.Current();
    private readonly object _gate = new();
    private Task<ContainerEngine>? _engine;
    private Task _orphans = Task.CompletedTask;

    public BuildPlan Plan { get; } = plan;
    public Paths Paths { get; } = paths;
    public EnvironmentSnapshot Environment { get; } = environment;
    public IBuildLog Log { get; } = log;
    public IProcessRunner Runner { get; } = runner;

    /// <summary>The removals of the run's finished containers, which the run waits for before it ends.</summary>
    public ContainerRemovals Removals { get; } = new();

    /// <summary>The plan's moment: every time a run records (snapshot stamps, release dates) is this one.</summary>
    public DateTimeOffset Now => Plan.Timestamp;

    /// <summary>
    /// The container engine, chosen and asked once per run whether it is one and answers (by the preflight, else by the
    /// first stage that needs it); every later stage reuses that answer.
    /// </summary>
    public Task<ContainerEngine> EngineAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _engine ??= VerifiedEngineAsync(cancellationToken);
    }

    /// <summary>
    /// The engine once the containers of runs that ended without removing them are gone: what a stage awaits before it
    /// starts containers of its own. No result depends on that removal, so it goes on beside Fetch.
    /// </summary>
    public async Task<ContainerEngine> TidiedEngineAsync(CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        await _orphans.WaitAsync(cancellationToken);
        return engine;
    }

    /// <summary>Runs one product's steps in its builder containers: its caches, its network settings, the run's trust.</summary>
    public ContainerRunner Containers(ProductPlan product) =>
        new(_engine is { IsCompletedSuccessfully: true } engine ? engine.Result : throw new InvalidOperationException("The engine is checked in Provision, which runs first."),
            Runner, _user, Plan.Builder.CaFile, product.Caches, product.PassThrough, Removals);

    /// <summary>
    /// The folders Package's and Verify's steps mount where they mount them (the rpmbuild tree, the spec's folder, BuildKit's
    /// specs, the package folders), which the product's build container sees too, so that it serves those steps.
    /// </summary>
    public IReadOnlyList<ContainerMount> LaterMounts(ProductPlan product) =>
    [
        new(Paths.RpmTop(product.Name), BuilderPaths.RpmTop),
        new(Path.GetDirectoryName(Path.GetFullPath(product.Spec))!, BuilderPaths.Specs, ReadOnly: true),
        new(Paths.Specs, BuilderPaths.BuildKitSpecs, ReadOnly: true),
        new(Paths.Rpms(Plan.Distribution.Name), BuilderPaths.Packages(Paths.Rpms(Plan.Distribution.Name)), ReadOnly: true),
        new(Paths.Srpms(Plan.Distribution.Name), BuilderPaths.Packages(Paths.Srpms(Plan.Distribution.Name)), ReadOnly: true),
    ];

    private async Task<ContainerEngine> VerifiedEngineAsync(CancellationToken cancellationToken)
    {
        var step = new LogStep("builder", "engine");
        var engine = await (ContainerEngine.Select(Plan.Builder.Engine, Environment) with { Remote = Plan.Builder.Location.Remote }).VerifyAsync(Runner, step, cancellationToken);
        // Not cancelled with the run: the run waits for it, as for its own removals, so that no docker rm is cut short.
        _orphans = ContainerOwner.RemoveOrphansAsync(engine, Runner, Log, step, CancellationToken.None);
        Removals.Add(_orphans);
        return engine;
    }
}
