using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Recipes;

/// <summary>What the Build stage produced: the staged install tree and the toolchain versions that made it.</summary>
public sealed record BuiltTree(string Stage, string ToolchainReport);

/// <summary>The Build stage for one product: the recipe's commands in fresh builder containers, tree mounted, install staged.</summary>
public sealed class RecipeRunner(ContainerRunner containers)
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
                .WithEnvironment("BUILDKIT_COMMIT", context.Commit);

        var toolchains = await containers.RunAsync(Step("toolchains", recipe.ToolchainQuery) with { CapturesOutput = true }, cancellationToken);
        recipe.CheckToolchains(context.Tree, Verification.BuildRecord.ParseToolchains(toolchains.StandardOutput));
        foreach (var step in recipe.Steps(context))
            await containers.RunAsync(Step(step.Name, step.Script), cancellationToken);
        return new BuiltTree(stageDirectory, toolchains.StandardOutput);
    }
}
