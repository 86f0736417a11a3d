using BuildKit.Containers;
using BuildKit.GitHub;
using BuildKit.Planning;
using BuildKit.Stages.Build;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Package;
using BuildKit.Versioning;

namespace BuildKit.Stages.Publish;

/// <summary>
/// Publish: each product's RPMs, SRPM, buildinfo.json and SHA256SUMS to its GitHub release (or its rolling nightly release),
/// behind the ordering gate, draft first and published only once every asset matches SHA256SUMS; then the dnf repository.
/// </summary>
public static class PublishStage
{
    public static StageDecision Decide(BuildKeyState key) =>
        key.PublishedIn is { } tag ? StageDecision.Reuse($"this build is already published in {tag}") : StageDecision.Run;

    public static async Task<PublishResult> RunAsync(
        BuildRun run, ProductPlan product, PackageVersion version, ProvisionedBuilder builder, PackagedProduct packaged, CancellationToken cancellationToken)
    {
        // A dry run writes nothing under artifacts: what it would upload is put together in a folder of its own, and dropped.
        var folder = run.Plan.DryRun ? Directory.CreateTempSubdirectory("buildkit-publish-").FullName : run.Paths.PublishFolder(product.Name);
        try
        {
            Directory.CreateDirectory(folder);
            return await PublishAsync(run, product, version, builder, packaged, folder, cancellationToken);
        }
        finally
        {
            if (run.Plan.DryRun) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<PublishResult> PublishAsync(
        BuildRun run, ProductPlan product, PackageVersion version, ProvisionedBuilder builder, PackagedProduct packaged, string folder, CancellationToken cancellationToken)
    {
        var record = packaged.Record;
        var evr = version.Evr(run.Plan.Distribution.DistTag);
        // Every distribution and architecture of a build shares the release: each one's record has a name of its own.
        var recordFile = Path.Combine(folder, $"{product.Name}-{evr}.{record.Arch}.buildinfo.json");
        File.Copy(run.Paths.BuildInfoFile(product.Name), recordFile, overwrite: true);
        List<string> files = [.. packaged.Rpms, .. packaged.Srpms, recordFile];
        var changes = packaged.PreviousCommit is { } since
            ? await SourceFetcher.For(run).ChangesAsync(product.Repo, since, record.Commit, 50, cancellationToken)
            : [];
        var build = new LocalBuild(run.Plan.Distribution.Name, record.Arch, evr, files,
            ReleaseNotes.Render(record, ReleaseNotes.Checksums(files), packaged.PreviousCommit, changes));
        return await PublishBuildsAsync(run, product, builder, version, [build], folder, cancellationToken);
    }

    /// <summary>Publishes <paramref name="builds"/> of one version of a product in one pass: its release, or its rolling nightly release.</summary>
    public static async Task<PublishResult> PublishBuildsAsync(
        BuildRun run, ProductPlan product, ProvisionedBuilder builder, PackageVersion version, IReadOnlyList<LocalBuild> builds, string folder, CancellationToken cancellationToken)
    {
        using var client = new GitHubClient(run.Plan.GitHub, PublishPacing.Default, run.Log);
        var publisher = new ReleasePublisher(client, run.Log, run.Plan.DryRun, run.Plan.AllowDowngrade);
        var request = run.Plan.Target.Rolling
            ? new PublishRequest(product.Name, ReleaseNames.NightlyTag(product.Name), ReleaseNames.NightlyTitle(product.Name), true, builds, folder, run.Plan.KeepNightlies)
            : new PublishRequest(product.Name, ReleaseNames.Tag(product.Name, version), ReleaseNames.Title(product.Name, version), version.Kind != VersionKind.Release, builds, folder);
        PublishResult? result = null;
        await Signer.WithPlanKeyAsync(run, product, builder.Tag, async signer => result = await publisher.PublishAsync(
            signer is null ? request : request with { Sign = (file, token) => signer.DetachSignAsync(product.Name, file, token) }, cancellationToken));
        return result!;
    }

    /// <summary>
    /// The dnf repository of every package built for the distribution, for users who install with dnf. When the products'
    /// publishes (<paramref name="results"/>) changed no release, nothing is done: the repository stays as it is; a dry run
    /// builds none.
    /// </summary>
    public static async Task RepositoryAsync(
        BuildRun run, IReadOnlyList<(ProductPlan Product, ProvisionedBuilder Builder)> published, CancellationToken cancellationToken,
        IReadOnlyList<PublishResult> results)
    {
        if (published.Count == 0) return;
        var directory = run.Paths.Repository(run.Plan.Distribution.Name);
        if (!results.Any(r => r.Changed))
        {
            run.Log.Information($"[repository] no release changed: {run.Paths.Display(directory)} is left as it is");
            return;
        }
        if (run.Plan.DryRun)
        {
            run.Log.Information($"[repository] would build the dnf repository in {run.Paths.Display(directory)} (dry run: nothing was written)");
            return;
        }
        var (product, builder) = published[0];
        var rpms = Directory.GetFiles(run.Paths.Rpms(run.Plan.Distribution.Name), "*.rpm");
        IReadOnlyList<string> repoFiles = [];
        await Signer.WithPlanKeyAsync(run, product, builder.Tag, async signer => repoFiles = await new DnfRepository(run.Containers(product), builder.Tag)
            .CreateAsync(run.Plan.Distribution.Name, rpms, directory, run.Plan.RepoUrl, signer, cancellationToken));
        foreach (var repoFile in repoFiles) run.Log.Information($"[repository] {run.Paths.Display(Path.GetDirectoryName(repoFile)!)} with {Path.GetFileName(repoFile)}");
    }
}
