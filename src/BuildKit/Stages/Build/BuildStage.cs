using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.GitHub;
using BuildKit.Planning;
using BuildKit.Products;
using BuildKit.Records;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Provision;
using BuildKit.Versioning;

namespace BuildKit.Stages.Build;

/// <summary>
/// What Build knows before it builds: the build key (everything that decides the packages), and whether an earlier build
/// with that key can stand in: the last local build with its packages still in place, or a nightly already published.
/// </summary>
public sealed record BuildKeyState(string Key, BuildRecord? Unchanged, string? PublishedIn)
{
    public bool ReusesPackages => Unchanged is not null || PublishedIn is not null;

    /// <summary>Where the unchanged build's artifacts were found, each checked against its size and hash once, here.</summary>
    public ImmutableArray<string> UnchangedArtifacts { get; init; } = [];
}

/// <summary>
/// Build: the product's recipe in a fresh builder container, in the build folder of the last build when nothing but the
/// source changed, installed into its staging tree; skipped when its key was built before.
/// </summary>
public static class BuildStage
{
    public static async Task<BuildKeyState> KeyAsync(
        BuildRun run, ProductPlan product, FetchedSource source, PackageVersion version, ProvisionedBuilder builder, CancellationToken cancellationToken)
    {
        var key = BuildKey.Compute(
        [
            ("repository", RemoteUrl.Display(product.Repo)), ("commit", source.Ref.Commit), ("patches", source.Patches.Hash),
            ("submodules", string.Join(",", source.Submodules.Select(s => $"{s.Path}@{s.Commit}"))),
            ("bundled", string.Join(",", source.Bundled.Select(b => $"{b.Name}@{b.Commit}+{string.Join("+", b.Submodules.Select(s => s.Commit))}:{Hashing.Sha256(b.Dependency.Script)}"))),
            ("spec", BuildKey.FileHash(product.Spec)),
            ("spec-sources", string.Join(",", SpecFiles.CompanionSources(product.Spec).Select(BuildKey.FileHash))),
            ("changelog", Hashing.Sha256(Changelog.Text(source.Facts, version, run.Plan.ChangelogAuthor))),
            ("macros", BuildKey.FileHash(run.Paths.Macros)), ("debuginfo", BuildKey.FileHash(run.Paths.StagedDebugInfo)),
            ("recipe", product.Recipe.Name),
            ("recipe-commands", string.Join("\n", product.Recipe.Steps(Context(run, source, version)).Select(s => s.Script)) + product.Recipe.ToolchainQuery),
            ("builder", builder.ImageId), ("distribution", run.Plan.Distribution.Name), ("version", version.ToString()),
            ("packager", run.Plan.Packager.ToString()), ("payload", run.Plan.Payload.Io), ("signed", run.Plan.Signing.Enabled.ToString()),
        ]);
        if (await PublishedInAsync(run, product, key, cancellationToken) is { } tag) return new BuildKeyState(key, null, tag);
        var record = BuildRecord.TryRead(run.Paths.BuildInfoFile(product.Name), run.Log);
        var located = !run.Plan.Clean && record?.BuildKey == key ? record.LocateArtifacts(PackageFolders(run, product.Name)) : null;
        return new BuildKeyState(key, located is null ? null : record, null) { UnchangedArtifacts = located ?? [] };
    }

    public static StageDecision Decide(BuildRun run, ProductPlan product, BuildKeyState state) => state switch
    {
        { PublishedIn: { } tag } => StageDecision.Reuse($"build key {state.Key[..12]} is already published in {tag}: nothing is rebuilt or uploaded"),
        { Unchanged: not null } => StageDecision.Reuse(
            $"build key {state.Key[..12]} is unchanged since the last build ({run.Paths.Display(run.Paths.BuildInfoFile(product.Name))}): its packages are reused, not rebuilt"),
        _ => StageDecision.Run,
    };

    /// <summary>The folders an earlier build's packages and Source0 are found in.</summary>
    private static IReadOnlyList<string> PackageFolders(BuildRun run, string product) =>
        [run.Paths.Rpms(run.Plan.Distribution.Name), run.Paths.Srpms(run.Plan.Distribution.Name), Path.Combine(run.Paths.RpmTop(product), "SOURCES"),
         run.Paths.Attestations(run.Plan.Distribution.Name)];

    /// <param name="reproducibilityRebuild">The second build of --check-reproducible, which runs every step in an empty build folder.</param>
    public static async Task<BuiltTree> RunAsync(
        BuildRun run, ProductPlan product, FetchedSource source, PackageVersion version, ProvisionedBuilder builder, BuildFolders folders,
        CancellationToken cancellationToken, bool reproducibilityRebuild = false)
    {
        var caches = run.Plan.Builder.UseCaches;
        var cleanBecause = reproducibilityRebuild ? $"--{Options.CheckReproducible} builds a second time from scratch" : run.Plan.Clean ? $"--{Options.Clean} asks for it" : null;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var built = await new RecipeRunner(run.Containers(product), run.Log, !reproducibilityRebuild && caches ? new StepOutputCache(run.Plan.CacheDirectory) : null,
                caches ? new ToolchainReports(run.Plan.CacheDirectory) : null,
                run.Plan.Builder.GoDownload is { } go ? new GoDownloads(run.Plan.CacheDirectory, go, run.Runner, run.Log) : null,
                reproducibilityRebuild ? null : run.LaterMounts(product))
            .BuildAsync(product.Recipe, Context(run, source, version), builder, product.Name, folders, source.Bundled, cleanBecause, cancellationToken);
        run.Log.Information($"[{product.Name}/build] staged in {run.Paths.Display(folders.Stage)} in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return built;
    }

    public static RecipeContext Context(BuildRun run, FetchedSource source, PackageVersion version) =>
        new(source.Worktree, run.Plan.Distribution, version, source.Ref.Commit, source.Ref.Requested, source.Facts.CommitTime,
            Environment.ProcessorCount, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024), run.Plan.Packager)
        { MakesPackages = run.Plan.Target.Packages };

    /// <summary>For a nightly: the rolling release that already holds a build of this key, whose build need not run again.</summary>
    private static async Task<string?> PublishedInAsync(BuildRun run, ProductPlan product, string key, CancellationToken cancellationToken)
    {
        if (!run.Plan.Target.Rolling || run.Plan.GitHub.Token is null) return null;
        using var client = new GitHubClient(run.Plan.GitHub, PublishPacing.Default, run.Log);
        var tag = ReleaseNames.NightlyTag(product.Name);
        var release = (await client.ListReleasesAsync(cancellationToken)).FirstOrDefault(r => r.TagName == tag);
        return release?.Body?.Contains(ReleaseNames.BuildKeyLine(key), StringComparison.Ordinal) == true ? tag : null;
    }
}
