using BuildKit.Containers;
using BuildKit.Planning;
using BuildKit.Processes;
using BuildKit.Stages.Fetch;

namespace BuildKit.Stages.Provision;

/// <summary>
/// Provision: the product's builder image, reused when its content hash is unchanged, built otherwise. Without a source
/// (results built elsewhere are published) the publishing builder, which every product shares.
/// </summary>
public static class ProvisionStage
{
    public static async Task<ProvisionedBuilder> RunAsync(BuildRun run, ProductPlan product, FetchedSource? source, CancellationToken cancellationToken)
    {
        var engine = await run.TidiedEngineAsync(cancellationToken);
        var plan = run.Plan;
        var image = new BuilderImage(
            plan.Distribution,
            source is null ? Toolchains.Publishing : product.Recipe.Toolset(plan.Distribution, source.Worktree, plan.Packager),
            plan.Builder.BaseImage,
            run.Paths.Containerfile(plan.Distribution.Family),
            plan.Builder.CaFile,
            plan.Builder.DistroMirror);
        var step = new LogStep(product.Name, "provision");
        run.Log.Information($"[{step}] builder {image.Tag} ({image.Toolset.Name}, {image.Packages.Length} packages, FROM {image.BaseImage})");
        var builder = await new BuilderProvisioner(engine, run.Runner).EnsureAsync(image, plan.Builder.Rebuild, run.Paths.Builders, step, cancellationToken);
        run.Log.Information($"[{step}] {(builder.Reused ? "reused" : "built")} {builder.Tag} in {builder.Duration.TotalSeconds:0.0} s ({builder.ImageId[..19]})");
        return builder;
    }
}
