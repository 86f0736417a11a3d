using BuildKit.Containers;
using BuildKit.Products;
using BuildKit.Records;
using BuildKit.Logging;
using BuildKit.Processes;

namespace BuildKit.Stages.Build;

/// <summary>
/// What the Build stage produced: the staged install tree, the build folder (whose generated sources the debug info names)
/// and the toolchain versions that made it.
/// </summary>
public sealed record BuiltTree(string Stage, string BuildDirectory, string ToolchainReport);

/// <summary>
/// The Build stage for one product: the recipe's commands, one after another in one fresh builder container, tree mounted,
/// install staged. With a step output cache, a reusable step whose inputs are unchanged is not run: its outputs are restored.
/// With toolchain reports, the builder's toolchains are queried once per builder image.
/// </summary>
public sealed class RecipeRunner(ContainerRunner containers, IBuildLog log, StepOutputCache? outputs, ToolchainReports? toolchainReports)
{
    public async Task<BuiltTree> BuildAsync(
        IRecipe recipe, RecipeContext context, ProvisionedBuilder builder, string product, string buildDirectory, string stageDirectory,
        CancellationToken cancellationToken)
    {
        recipe.Validate(context.Tree);
        foreach (var directory in new[] { buildDirectory, stageDirectory })
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
        }

        ContainerStep Step(string name, string script) =>
            new ContainerStep(new LogStep(product, name), builder.Tag, script, BuilderPaths.Source)
                .WithMount(context.Tree, BuilderPaths.Source)
                .WithMount(buildDirectory, BuilderPaths.Build)
                .WithMount(stageDirectory, BuilderPaths.Stage)
                .WithEnvironment("SOURCE_DATE_EPOCH", context.CommitTime.ToUnixTimeSeconds().ToString())
                .WithEnvironment("BUILDKIT_VERSION", context.Version.Version)
                .WithEnvironment("BUILDKIT_COMMIT", context.Commit) with { UsesCaches = true };

        await using var container = await containers.StartAsync(Step("container", ""), cancellationToken);
        var toolchains = toolchainReports?.TryRead(builder.ImageId, recipe.ToolchainQuery);
        if (toolchains is null)
        {
            toolchains = (await container.RunAsync(Step("toolchains", recipe.ToolchainQuery) with { CapturesOutput = true }, cancellationToken)).StandardOutput;
            toolchainReports?.Save(builder.ImageId, recipe.ToolchainQuery, toolchains);
        }
        toolchains += recipe.PinnedToolchains(context.Tree);
        recipe.CheckToolchains(context.Tree, BuildRecord.ParseToolchains(toolchains));
        var steps = recipe.Steps(context);
        var keys = outputs is null ? [] : steps.Where(s => s.Reuse is not null)
            .ToDictionary(s => s.Name, s => StepOutputCache.Key(context.Tree, builder.ImageId, s));
        foreach (var step in steps)
        {
            if (keys.TryGetValue(step.Name, out var key) && outputs!.TryRestore(product, step, key, context.Tree))
            {
                log.Information($"[{product}/{step.Name}] skipped: its inputs are those of an earlier build (step key {key}); restored {string.Join(", ", step.Reuse!.Outputs)}");
                continue;
            }
            await container.RunAsync(Step(step.Name, step.Script), cancellationToken);
            if (keys.TryGetValue(step.Name, out key)) outputs!.Save(product, step, key, context.Tree);
        }
        return new BuiltTree(stageDirectory, buildDirectory, toolchains);
    }
}
