using System.Collections.Immutable;
using BuildKit.Containers;
using BuildKit.Products;
using BuildKit.Records;
using BuildKit.Logging;
using BuildKit.Processes;
using BuildKit.Stages.Fetch;

namespace BuildKit.Stages.Build;

/// <summary>
/// What the Build stage produced: the staged install tree, the build folder (whose generated sources the debug info names)
/// and the toolchain versions that made it.
/// </summary>
public sealed record BuiltTree(string Stage, string BuildDirectory, string ToolchainReport)
{
    /// <summary>The folder of the extra sources the recipe vendored for the SRPM; empty when it vendors none.</summary>
    public string? Vendored { get; init; }
}

/// <summary>
/// The Build stage for one product: the recipe's commands, one after another in one fresh builder container (two at once
/// where the recipe says neither reads what the other writes), tree mounted, install staged into an empty folder. An
/// incremental build keeps the build folder of the last build made by the same builder image and toolchains, so cmake,
/// ninja and go redo only what changed. With a step output cache, a reusable step whose inputs are unchanged is not run:
/// its outputs are restored. With toolchain reports, the builder's toolchains are queried once per builder image. A Go the
/// tree pins and the builder lacks comes from the Go downloads, mounted read-only; without them such a tree stops before
/// its first step. With <paramref name="laterMounts"/>, the container is kept running after the build for the later
/// stages' steps it serves, seeing those folders too.
/// </summary>
public sealed class RecipeRunner(
    ContainerRunner containers, IBuildLog log, StepOutputCache? outputs, ToolchainReports? toolchainReports, GoDownloads? goDownloads,
    IReadOnlyList<ContainerMount>? laterMounts = null)
{
    /// <summary>In the build folder: what made it (builder image, recipe, pinned toolchains), which an incremental build must match.</summary>
    private const string BuilderStampFile = ".buildkit-made-by";

    public async Task<BuiltTree> BuildAsync(
        IRecipe recipe, RecipeContext context, ProvisionedBuilder builder, string product, BuildFolders folders, ImmutableArray<BundledSource> bundled,
        string? cleanBecause, CancellationToken cancellationToken)
    {
        recipe.Validate(context.Tree);
        var madeBy = $"{builder.ImageId}\n{recipe.Name}\n{recipe.PinnedToolchains(context.Tree)}";
        var stamp = Path.Combine(folders.Build, BuilderStampFile);
        cleanBecause ??= !File.Exists(stamp) ? "there is no build folder of an earlier build"
            : File.ReadAllText(stamp) != madeBy ? "the builder image or the toolchains changed since the last build" : null;
        foreach (var directory in cleanBecause is null ? [folders.Stage, folders.BundledPrefixes, folders.Vendored] : new[] { folders.Build, folders.Stage, folders.BundledPrefixes, folders.Vendored })
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
        }
        await File.WriteAllTextAsync(stamp, madeBy, cancellationToken);
        log.Information(cleanBecause is null
            ? $"[{product}/build] incremental: the build folder of the last build is kept (same builder image and toolchains), so only what changed is built again"
            : $"[{product}/build] clean: an empty build folder, as {cleanBecause}");

        var template = new ContainerStep(new LogStep(product, "container"), builder.Tag, "", BuilderPaths.Source)
            .WithMount(context.Tree, BuilderPaths.Source)
            .WithMount(folders.Build, BuilderPaths.Build)
            .WithMount(folders.Stage, BuilderPaths.Stage)
            .WithMount(folders.Vendored, BuilderPaths.Vendored)
            .WithEnvironment("SOURCE_DATE_EPOCH", context.CommitTime.ToUnixTimeSeconds().ToString())
            .WithEnvironment("BUILDKIT_VERSION", context.Version.Version)
            .WithEnvironment("BUILDKIT_COMMIT", context.Commit) with { UsesCaches = true };
        if (goDownloads is not null)
        {
            Directory.CreateDirectory(goDownloads.Folder);
            template = template.WithMount(goDownloads.Folder, GoToolchain.MountPath, readOnly: true);
        }
        if (!bundled.IsEmpty)
            template = bundled.Aggregate(template.WithMount(folders.BundledPrefixes, BuilderPaths.Bundled), (step, b) => step.WithMount(b.Worktree, BuilderPaths.BundledSource(b.Name), readOnly: true))
                .WithEnvironment("CMAKE_PREFIX_PATH", string.Join(':', bundled.Select(b => BuilderPaths.BundledPrefix(b.Name))));
        ContainerStep Step(string name, string script) => template with { Step = new LogStep(product, name), Script = script };

        var container = laterMounts is null ? await containers.StartAsync(template, cancellationToken) : await containers.StartKeptAsync(template, laterMounts, cancellationToken);
        await using var removedAfterTheBuild = laterMounts is null ? container : null;
        var toolchains = toolchainReports?.TryRead(builder.ImageId, recipe.ToolchainQuery);
        if (toolchains is null)
        {
            toolchains = (await container.RunAsync(Step("toolchains", recipe.ToolchainQuery) with { CapturesOutput = true }, cancellationToken)).StandardOutput;
            toolchainReports?.Save(builder.ImageId, recipe.ToolchainQuery, toolchains);
        }
        toolchains += recipe.PinnedToolchains(context.Tree);
        if (recipe.GoNeeded(context.Tree, BuildRecord.ParseToolchains(toolchains)) is { } go)
        {
            var builderGo = BuildRecord.ParseToolchains(toolchains)["go"];
            var folder = goDownloads is null ? throw go.NoDownload(product, builderGo) : await goDownloads.EnsureAsync(go, product, cancellationToken);
            log.Information($"[{product}/build] Go {go.Version} instead of the builder's {builderGo}: {go.Reason}");
            context = context with { GoRoot = $"{GoToolchain.MountPath}/{folder}" };
            toolchains += $"go={go.Version}\n";
        }
        recipe.CheckToolchains(context.Tree, BuildRecord.ParseToolchains(toolchains));

        foreach (var dependency in bundled)
        {
            var step = dependency.Dependency.Step;
            await RunOrRestoreAsync(step, outputs is null ? null : StepOutputCache.Key(dependency.Worktree, builder.ImageId, step), folders.BundledPrefixes,
                () => container.RunAsync(Step(step.Name, step.Script) with { WorkingDirectory = BuilderPaths.BundledSource(dependency.Name) }, cancellationToken));
        }
        // Keyed before the first step runs: a key is over the tree as fetched, not as the steps before left it.
        var steps = recipe.Steps(context with { Toolchains = BuildRecord.ParseToolchains(toolchains) })
            .Select(step => (Step: step, Key: outputs is null || step.Reuse is null ? null : StepOutputCache.Key(context.Tree, builder.ImageId, step))).ToList();
        try
        {
            foreach (var together in Together(steps, container.RunsStepsAtOnce))
            {
                if (together.Count > 1)
                    log.Information($"[{product}/build] {string.Join(" and ", together.Select(s => s.Step.Name))} run at once: neither reads what the other writes");
                await RunAtOnceAsync(together.Select(s => (Func<CancellationToken, Task>)(token => RunOrRestoreAsync(s.Step, s.Key, context.Tree,
                    async () =>
                    {
                        var result = await container.RunAsync(Step(s.Step.Name, s.Step.Script) with { CapturesOutput = s.Step.ReportsToolchains }, token);
                        if (s.Step.ReportsToolchains) toolchains += result.StandardOutput;
                    }))).ToList(), cancellationToken);
            }
        }
        catch when (laterMounts is not null)
        {
            // A step that ran beside the failed one goes on inside the container: the kept container goes now, not as the run ends.
            await containers.RemoveKeptAsync(container);
            throw;
        }
        return new BuiltTree(folders.Stage, folders.Build, toolchains) { Vendored = folders.Vendored };

        async Task RunOrRestoreAsync(RecipeStep step, string? key, string outputsRoot, Func<Task> run)
        {
            if (key is not null && outputs!.TryRestore(product, step, key, outputsRoot))
            {
                log.Information($"[{product}/{step.Name}] skipped: its inputs are those of an earlier build (step key {key}); restored {string.Join(", ", step.Reuse!.Outputs)}");
                return;
            }
            await run();
            if (key is not null) outputs!.Save(product, step, key, outputsRoot);
        }
    }

    /// <summary>
    /// The steps in the order they run, each with the steps right after it that run beside their previous step; one at a time
    /// in a container that cannot run two at once. A step that reports toolchains always runs alone.
    /// </summary>
    private static List<List<(RecipeStep Step, string? Key)>> Together(IEnumerable<(RecipeStep Step, string? Key)> steps, bool atOnce)
    {
        var groups = new List<List<(RecipeStep Step, string? Key)>>();
        foreach (var step in steps)
        {
            if (atOnce && step.Step.RunsBesidePrevious && groups.Count > 0 && !step.Step.ReportsToolchains && !groups[^1][^1].Step.ReportsToolchains)
                groups[^1].Add(step);
            else
                groups.Add([step]);
        }
        return groups;
    }

    /// <summary>
    /// Runs the steps at once and waits for all of them. The first to fail stops the waiting for the others, whose processes
    /// end with their container, and is the failure reported.
    /// </summary>
    private static async Task RunAtOnceAsync(IReadOnlyList<Func<CancellationToken, Task>> runs, CancellationToken cancellationToken)
    {
        if (runs.Count == 1)
        {
            await runs[0](cancellationToken);
            return;
        }
        using var firstFailure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAll(runs.Select(async run =>
        {
            try
            {
                await run(firstFailure.Token);
            }
            catch
            {
                await firstFailure.CancelAsync();
                throw;
            }
        }));
    }
}

/// <summary>The host folders one build writes: the build folder, the staged install tree and the bundled dependencies' prefixes.</summary>
public sealed record BuildFolders(string Build, string Stage, string BundledPrefixes, string Vendored);
