using BuildKit.Configuration;
using BuildKit.Planning;
using BuildKit.Records;

namespace BuildKit.Stages.Fetch;

/// <summary>
/// Fetch: the product's exact commit as a clean tree with its submodules and patches, and the facts versioning needs. The
/// tree of the last build is updated in place unless the plan is clean, so that the build redoes only what changed.
/// </summary>
public static class FetchStage
{
    public static async Task<FetchedSource> RunAsync(BuildRun run, ProductPlan product, CancellationToken cancellationToken)
    {
        var fetcher = SourceFetcher.For(run);
        var previous = BuildRecord.TryRead(run.Paths.BuildInfoFile(product.Name), run.Log) is { } record
            && record.Repository == RemoteUrl.Display(product.Repo) && record.Distribution == run.Plan.Distribution.Name
                ? new PreviousBuild(record.Commit, record.ChangesSince)
                : null;
        var source = await fetcher.FetchAsync(product.Name, product.Repo, product.RequestedRef, product.PinnedCommit, product.Recipe,
            PatchSet.From(product.Patches), run.Paths.Worktree(product.Name), cancellationToken, product.WorkingCopy, previous, inPlace: !run.Plan.Clean);
        var bundled = new List<BundledSource>();
        foreach (var dependency in product.Recipe.Bundled(run.Plan.Distribution, source.Worktree))
            bundled.Add(await fetcher.FetchBundledAsync(product.Name, dependency, run.Paths.BundledSource(product.Name, dependency.Name), cancellationToken, inPlace: !run.Plan.Clean));
        source = source with { Bundled = [.. bundled] };
        if (!run.Plan.ReportUpstream) return source;
        if (product.Upstream is not { } upstream)
        {
            run.Log.Information($"[{product.Name}/fetch] upstream report skipped: the products file names no upstream for {product.Name} (upstream: {{ repo: URL, branch: NAME }})");
            return source;
        }
        var (ahead, behind) = await fetcher.CompareWithUpstreamAsync(product.Repo, source.Ref.Commit, upstream.Repo, upstream.Branch, cancellationToken);
        run.Log.Information($"[{product.Name}/fetch] {product.RequestedRef} is {ahead} commit(s) ahead of and {behind} behind {upstream.Branch} of {RemoteUrl.Display(upstream.Repo)}");
        return source;
    }
}
