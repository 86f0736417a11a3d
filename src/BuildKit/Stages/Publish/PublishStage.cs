using BuildKit.Configuration;
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

    /// <summary>With --from: the product's results built elsewhere, read (and checked) before anything is published.</summary>
    public static IReadOnlyList<JobResult> Import(BuildRun run, ProductPlan product)
    {
        var results = JobResults.Load(run.Plan.From!, product.Name);
        foreach (var result in results) run.Log.Information($"[{product.Name}/Publish] {result.Target}: {result.Record.Version}, {result.Files.Count} files, from {run.Paths.Display(result.RecordFile)}");
        return results;
    }

    public static Task<PublishResult> RunAsync(
        BuildRun run, ProductPlan product, PackageVersion version, ProvisionedBuilder builder, PackagedProduct packaged, CancellationToken cancellationToken) =>
        InFolderAsync(run, product, folder => PublishAsync(run, product, version, builder, packaged, folder, cancellationToken));

    /// <summary>Runs <paramref name="publish"/> with the folder it puts the release's files together in.</summary>
    private static async Task<PublishResult> InFolderAsync(BuildRun run, ProductPlan product, Func<string, Task<PublishResult>> publish)
    {
        // A dry run writes nothing under artifacts: what it would upload is put together in a folder of its own, and dropped.
        var folder = run.Plan.DryRun ? Directory.CreateTempSubdirectory("buildkit-publish-").FullName : run.Paths.PublishFolder(product.Name);
        try
        {
            Directory.CreateDirectory(folder);
            return await publish(folder);
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
        List<string> files = [.. packaged.Rpms, .. packaged.Srpms, .. packaged.Attestations, recordFile];
        var changes = packaged.PreviousCommit is { } since
            ? await SourceFetcher.For(run).ChangesAsync(product.Repo, since, record.Commit, 50, cancellationToken)
            : [];
        var build = new LocalBuild(run.Plan.Distribution.Name, record.Arch, evr, files,
            ReleaseNotes.Render(record, ReleaseNotes.Checksums(files), packaged.PreviousCommit, changes));
        return await PublishBuildsAsync(run, product, builder, version.ToString(), version.Kind != VersionKind.Release, [build], folder, cancellationToken);
    }

    /// <summary>
    /// Publishes the results built elsewhere (--from) of one product in one pass: every distribution and architecture into
    /// the version's release, or into the rolling nightly release.
    /// </summary>
    public static Task<PublishResult> RunFromAsync(BuildRun run, ProductPlan product, ProvisionedBuilder builder, IReadOnlyList<JobResult> results, CancellationToken cancellationToken) =>
        InFolderAsync(run, product, async folder =>
        {
            var versions = results.Select(r => r.Record.Version).Distinct().ToList();
            if (versions.Count > 1 && !run.Plan.Target.Rolling)
                throw new PublishException(
                    $"The results of {product.Name} are of {versions.Count} versions ({string.Join(", ", versions)}), and a release holds one. " +
                    "Publish each version's results on their own, or into the rolling nightly release with --target=Nightly.");
            var builds = new List<LocalBuild>();
            foreach (var result in results)
            {
                var evr = Evr.Parse(result.Record.Version + Distribution.Named(result.Record.Distribution, result.RecordFile).DistTag);
                var recordFile = Path.Combine(folder, $"{product.Name}-{evr}.{result.Record.Arch}.buildinfo.json");
                File.Copy(result.RecordFile, recordFile, overwrite: true);
                List<string> files = [.. result.Files, recordFile];
                builds.Add(new LocalBuild(result.Record.Distribution, result.Record.Arch, evr, files, ReleaseNotes.Render(result.Record, ReleaseNotes.Checksums(files))));
            }
            var version = versions[0];
            return await PublishBuildsAsync(run, product, builder, version, version.Contains('~') || version.Contains('^'), builds, folder, cancellationToken);
        });

    /// <summary>Publishes <paramref name="builds"/> of one version of a product in one pass: its release, or its rolling nightly release.</summary>
    private static async Task<PublishResult> PublishBuildsAsync(
        BuildRun run, ProductPlan product, ProvisionedBuilder builder, string versionRelease, bool prerelease, IReadOnlyList<LocalBuild> builds, string folder,
        CancellationToken cancellationToken)
    {
        using var client = new GitHubClient(run.Plan.GitHub, PublishPacing.Default, run.Log);
        var publisher = new ReleasePublisher(client, run.Log, run.Plan.DryRun, run.Plan.AllowDowngrade);
        var request = run.Plan.Target.Rolling
            ? new PublishRequest(product.Name, ReleaseNames.NightlyTag(product.Name), ReleaseNames.NightlyTitle(product.Name), true, builds, folder, run.Plan.KeepNightlies)
            : new PublishRequest(product.Name, ReleaseNames.Tag(product.Name, versionRelease), ReleaseNames.Title(product.Name, versionRelease), prerelease, builds, folder);
        PublishResult? result = null;
        await Signer.WithPlanKeyAsync(run, product, builder.Tag, async signer => result = await publisher.PublishAsync(
            signer is null ? request : request with { Sign = (file, token) => signer.DetachSignAsync(product.Name, file, token) }, cancellationToken));
        return result!;
    }

    /// <summary>
    /// The dnf repository of each distribution built for, for users who install with dnf: every package built here for the
    /// plan's distribution, or the packages of the results built elsewhere (<paramref name="imported"/>, --from). When the
    /// products' publishes (<paramref name="results"/>) changed no release, nothing is done; a dry run builds none.
    /// </summary>
    public static async Task RepositoryAsync(
        BuildRun run, IReadOnlyList<(ProductPlan Product, ProvisionedBuilder Builder)> published, IReadOnlyList<JobResult>? imported,
        IReadOnlyList<PublishResult> results, CancellationToken cancellationToken)
    {
        if (published.Count == 0) return;
        IEnumerable<(string Distribution, string[] Rpms)> distributions = imported is null
            ? [(run.Plan.Distribution.Name, Directory.GetFiles(run.Paths.Rpms(run.Plan.Distribution.Name), "*.rpm"))]
            : imported.GroupBy(r => r.Record.Distribution).Select(g => (g.Key, g.SelectMany(r => r.Rpms).ToArray()));
        var (product, builder) = published[0];
        foreach (var (distribution, rpms) in distributions)
        {
            var directory = run.Paths.Repository(distribution);
            if (!results.Any(r => r.Changed))
            {
                run.Log.Information($"[repository] no release changed: {run.Paths.Display(directory)} is left as it is");
                continue;
            }
            if (run.Plan.DryRun)
            {
                run.Log.Information($"[repository] would build the dnf repository in {run.Paths.Display(directory)} (dry run: nothing was written)");
                continue;
            }
            IReadOnlyList<string> repoFiles = [];
            await Signer.WithPlanKeyAsync(run, product, builder.Tag, async signer => repoFiles = await new DnfRepository(run.Containers(product), builder.Tag)
                .CreateAsync(distribution, rpms, directory, run.Plan.RepoUrl, signer, cancellationToken));
            foreach (var repoFile in repoFiles) run.Log.Information($"[repository] {run.Paths.Display(Path.GetDirectoryName(repoFile)!)} with {Path.GetFileName(repoFile)}");
        }
        if (run.Plan.HostedRepository is not { } hosted) return;
        if (run.Plan.DryRun)
        {
            run.Log.Information($"[repository] would push the dnf repository to {hosted.Branch} of {RemoteUrl.Display(hosted.Remote)} (dry run: nothing was pushed)");
            return;
        }
        await Signer.WithPlanKeyAsync(run, product, builder.Tag, signer => new HostedRepository(run, hosted, new DnfRepository(run.Containers(product), builder.Tag))
            .PushAsync([.. distributions], signer, cancellationToken));
    }
}
