using System.Collections.Immutable;
using BuildKit.Planning;
using BuildKit.Sbom;
using BuildKit.Stages;
using BuildKit.Stages.Build;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Package;
using BuildKit.Stages.Provision;
using BuildKit.Stages.Publish;
using BuildKit.Stages.Verify;
using BuildKit.Stages.Version;

namespace BuildKit.Pipeline;

/// <summary>
/// One stage as the pipeline runs it for each product: it decides first (run, skip or reuse, with a reason), then runs, or
/// takes what an earlier build made; after every product, <paramref name="FinishAsync"/> does the stage's work for the run
/// as a whole. Each stage writes its own slots of the product run and reads those of the stages before it.
/// </summary>
public sealed record PipelineStage(
    string Name,
    string Description,
    Func<BuildRun, ProductRun, CancellationToken, Task<StageDecision>> DecideAsync,
    Func<BuildRun, ProductRun, CancellationToken, Task> RunAsync,
    Func<BuildRun, ProductRun, CancellationToken, Task>? ReuseAsync = null,
    Func<BuildRun, IReadOnlyList<ProductRun>, CancellationToken, Task>? FinishAsync = null);

/// <summary>The stages, in the order they run. This list is the only place the order is written: targets and build.cake's tasks follow it.</summary>
public static class BuildPipeline
{
    public const string Version = "Version";
    public const string Provision = "Provision";
    public const string Package = "Package";
    public const string Sbom = "Sbom";
    public const string Verify = "Verify";
    public const string Publish = "Publish";

    public static ImmutableArray<PipelineStage> Stages { get; } =
    [
        new("Fetch", "Mirror each product's repository, resolve the ref, export a clean tree with submodules and patches.",
            Runs,
            async (run, p, ct) => p.Source.Set(await FetchStage.RunAsync(run, p.Plan, ct))),
        new(Version, "Print PRODUCT VERSION-RELEASE COMMIT for each product, as a build would version it.",
            Runs,
            (run, p, _) => Done(() => p.Version.Set(VersionStage.Run(run, p.Plan, p.Source.Value)))),
        new(Provision, "Make or reuse each product's builder image (tag = content hash of its definition).",
            Runs,
            async (run, p, ct) => p.Builder.Set(await ProvisionStage.RunAsync(run, p.Plan, p.Source.ValueOrNull, ct))),
        new("Build", "Run each product's recipe in a fresh builder container and stage its install tree; an unchanged build key is reused.",
            async (run, p, ct) =>
            {
                p.Key.Set(await BuildStage.KeyAsync(run, p.Plan, p.Source.Value, p.Version.Value, p.Builder.Value, ct));
                return BuildStage.Decide(run, p.Plan, p.Key.Value);
            },
            async (run, p, ct) => p.Build.Set(await BuildStage.RunAsync(
                run, p.Plan, p.Source.Value, p.Version.Value, p.Builder.Value,
                new BuildFolders(run.Paths.BuildTree(p.Name), run.Paths.Stage(p.Name), run.Paths.BundledPrefixes(p.Name), run.Paths.Vendored(p.Name)), ct))),
        new(Package, "Make Source0 and BUILDINFO, then the RPMs and SRPM with rpmbuild and the product's spec.",
            (_, p, _) => Task.FromResult(PackageStage.Decide(p.Key.Value)),
            PackageAsync, PackageAsync),
        new(Sbom, "Print what each product's packages carry, from their SBOMs: components by ecosystem, their licences, those without one.",
            (_, p, _) => Task.FromResult(p.Packages.IsSet ? StageDecision.Run : StageDecision.Skip("its packages are already published, and so are their SBOMs")),
            (run, p, _) => Done(() => SbomReport.Print(run.Log, p.Name, p.Packages.Value.Attestations))),
        new(Verify, "rpmlint every package, install it in a fresh container, upgrade from the previous build.",
            (_, p, _) => Task.FromResult(VerifyStage.Decide(p.Key.Value)),
            async (run, p, ct) => p.Verification.Set(await VerifyStage.RunAsync(
                run, p.Plan, p.Source.Value, p.Version.Value, p.Builder.Value, p.Packages.Value, p.Key.Value, ct))),
        new(Publish, "Publish each product's packages, SRPM, buildinfo.json and SHA256SUMS to its GitHub release, then the dnf repository.",
            (run, p, _) =>
            {
                if (run.Plan.From is null) return Task.FromResult(PublishStage.Decide(p.Key.Value));
                p.Imported.Set(PublishStage.Import(run, p.Plan));
                return Task.FromResult(StageDecision.Run);
            },
            async (run, p, ct) => p.Publication.Set(run.Plan.From is null
                ? await PublishStage.RunAsync(run, p.Plan, p.Version.Value, p.Builder.Value, p.Packages.Value, ct)
                : await PublishStage.RunFromAsync(run, p.Plan, p.Builder.Value, p.Imported.Value, ct)),
            FinishAsync: (run, products, ct) => PublishStage.RepositoryAsync(run,
                [.. products.Where(p => p.Failure is null && p.Builder.IsSet && p.Outcomes.ContainsKey(Publish)).Select(p => (p.Plan, p.Builder.Value))],
                run.Plan.From is null ? null : [.. products.Where(p => p.Failure is null).SelectMany(p => p.Imported.ValueOrNull ?? [])],
                [.. products.Select(p => p.Publication.ValueOrNull).OfType<PublishResult>()], ct)),
    ];

    private static Task<StageDecision> Runs(BuildRun run, ProductRun product, CancellationToken cancellationToken) => Task.FromResult(StageDecision.Run);

    private static async Task PackageAsync(BuildRun run, ProductRun p, CancellationToken cancellationToken)
    {
        if (await PackageStage.RunAsync(run, p.Plan, p.Source.Value, p.Version.Value, p.Builder.Value, p.Build.ValueOrNull, p.Key.Value, cancellationToken) is { } packaged)
            p.Packages.Set(packaged);
    }

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
