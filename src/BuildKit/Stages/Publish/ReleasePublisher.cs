using BuildKit.Logging;
using BuildKit.GitHub;
using BuildKit.Versioning;

namespace BuildKit.Stages.Publish;

/// <summary>A release that cannot be completed as asked (immutable, or assets that do not match after upload).</summary>
public sealed class PublishException(string message) : BuildKitException(message);

/// <summary>
/// One product build to publish: its release, its files, and the EVR the ordering gate checks. With
/// <paramref name="KeepBuilds"/> the release is a rolling one (the product's nightly) holding the newest builds.
/// </summary>
public sealed record PublishRequest(
    string Product, string Tag, string Title, string Notes, bool Prerelease, IReadOnlyList<string> Files, Evr Evr, int? KeepBuilds = null);

/// <summary>
/// What a publish did. <paramref name="Changed"/> is false when the release already held the build and nothing was done
/// (in a dry run: nothing would have been); <paramref name="Url"/> is the release's page, once it is published.
/// </summary>
public sealed record PublishResult(string Tag, bool CreatedRelease, int Uploaded, int Unchanged, int Replaced, bool Published, bool Changed, string? Url);

/// <summary>
/// Publishes a build to a GitHub release so that re-runs are safe: the ordering gate first, then a draft, uploads that
/// skip identical assets, replace changed ones and clear half-uploaded ("starter") ones, a check of the asset list
/// against SHA256SUMS, and only then publish. A published immutable release is never modified. --dry-run prints the
/// calls that would change anything and makes none of them.
/// </summary>
public sealed class ReleasePublisher(GitHubClient client, IBuildLog log, bool dryRun, bool allowDowngrade)
{
    private const int UploadAttempts = 3;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var releases = await client.ListReleasesAsync(cancellationToken);
        if (request.KeepBuilds is { } keep) return await PublishRollingAsync(request, releases, keep, cancellationToken);
        OrderingGate.Check(request.Product, request.Evr, PublishedEvrs(request, releases), allowDowngrade);

        var expected = Expected(request);
        var release = releases.FirstOrDefault(r => r.TagName == request.Tag);
        var remote = release is null ? ReleaseAssets.None(client, expected) : await ReleaseAssets.ReadAsync(client, release, expected, cancellationToken);
        if (release is { Draft: false })
        {
            if ((await MissingAsync(remote, expected.Keys, cancellationToken)).Count == 0)
            {
                log.Information($"[publish] {request.Tag} is published with the same assets: nothing to do{At(release)}");
                return new PublishResult(request.Tag, false, 0, expected.Count, 0, true, false, release.HtmlUrl);
            }
            if (release.Immutable)
                throw new PublishException(
                    $"The release {request.Tag} is published and immutable, and its assets differ from this build: it cannot be changed. " +
                    "Publish the rebuild as a new release with --release=N.");
            release = await Mutate($"PATCH release {request.Tag} back to a draft while its assets change",
                () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Draft: true), cancellationToken), release);
        }
        var created = release is null;
        release ??= await Mutate($"POST a draft release {request.Tag}", () => CreateDraftAsync(request, cancellationToken), WouldBe(request, request.Notes));

        var (uploaded, unchanged, replaced) = await SyncAssetsAsync(release, expected, remote, cancellationToken);
        if (!dryRun) await CheckAssetsAsync(release, expected, cancellationToken);
        var published = await Mutate($"PATCH release {request.Tag} to published",
            () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Name: request.Title, Body: request.Notes, Draft: false,
                Prerelease: request.Prerelease, MakeLatest: request.Prerelease ? "false" : "true"), cancellationToken), release);
        log.Information($"[publish] {request.Tag}: {uploaded} uploaded, {replaced} replaced, {unchanged} unchanged{Ending(published)}");
        return new PublishResult(request.Tag, created, uploaded, unchanged, replaced, !dryRun, true, dryRun ? null : published.HtmlUrl);
    }

    /// <summary>
    /// The rolling release: this build's assets are added next to the ones already there, checked, and only then are the
    /// builds beyond the newest <paramref name="keep"/> pruned, so the release always holds complete builds.
    /// </summary>
    private async Task<PublishResult> PublishRollingAsync(PublishRequest request, List<GitHubRelease> releases, int keep, CancellationToken cancellationToken)
    {
        var release = releases.FirstOrDefault(r => r.TagName == request.Tag);
        var builds = RollingBuilds.Parse(release?.Body);
        var earlier = builds.Where(b => b.Evr.CompareTo(request.Evr) != 0).Select(b => b.Evr);
        OrderingGate.Check(request.Product, request.Evr, earlier.Concat(PublishedEvrs(request, releases)), allowDowngrade);
        if (release is { Immutable: true })
            throw new PublishException($"The rolling release {request.Tag} is immutable, so it cannot take new builds. Turn off immutable releases for it, or publish each build as its own release.");

        var expected = Expected(request);
        var created = release is null;
        var remote = release is null ? ReleaseAssets.None(client, expected) : await ReleaseAssets.ReadAsync(client, release, expected, cancellationToken);
        release ??= await Mutate($"POST a draft release {request.Tag}", () => CreateDraftAsync(request, cancellationToken), WouldBe(request, ""));
        var (uploaded, unchanged, replaced) = await SyncAssetsAsync(release, expected, remote, cancellationToken);

        var kept = new[] { new RollingBuild(request.Evr, [.. expected.Keys], request.Notes) }
            .Concat(builds.Where(b => b.Evr.CompareTo(request.Evr) != 0))
            .OrderByDescending(b => b.Evr, RpmVersionComparer.Instance)
            .Take(keep)
            .ToList();
        var keptAssets = kept.SelectMany(b => b.Assets).ToHashSet(StringComparer.Ordinal);
        var pruned = remote.All.Where(a => !keptAssets.Contains(a.Name)).ToList();
        var notes = RollingBuilds.Render(request.Product, kept);
        if (uploaded + replaced + pruned.Count == 0 && release is { Draft: false, Prerelease: true } && release.Name == request.Title && release.Body == notes)
        {
            log.Information($"[publish] {request.Tag} already holds this build and no older one to prune: nothing to do{At(release)}");
            return new PublishResult(request.Tag, false, 0, unchanged, 0, true, false, release.HtmlUrl);
        }
        if (!dryRun) await CheckAssetsAsync(release, expected, cancellationToken);
        foreach (var asset in pruned)
            await Mutate($"DELETE asset {asset.Name} (a build older than the newest {keep})", async () => { await client.DeleteAssetAsync(asset.Id, cancellationToken); return 0; }, 0);
        var published = await Mutate($"PATCH release {request.Tag} with the newest {kept.Count} build(s) and published",
            () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Name: request.Title, Body: notes, Draft: false, Prerelease: true, MakeLatest: "false"),
                cancellationToken), release);
        log.Information($"[publish] {request.Tag}: {uploaded} uploaded, {replaced} replaced, {unchanged} unchanged, {pruned.Count} pruned; " +
                        $"keeps {kept.Count} of at most {keep} builds{Ending(published)}");
        return new PublishResult(request.Tag, created, uploaded, unchanged, replaced, !dryRun, true, dryRun ? null : published.HtmlUrl);
    }

    private async Task<GitHubRelease> CreateDraftAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CreateReleaseAsync(new GitHubReleaseRequest(request.Tag, null, request.Title, request.Notes, true, request.Prerelease), cancellationToken);
        }
        catch (GitHubApiException e) when (e.AlreadyExists)
        {
            // Another run created it between our list and our create: use that one.
            return (await client.ListReleasesAsync(cancellationToken)).Single(r => r.TagName == request.Tag);
        }
    }

    /// <summary>
    /// Uploads what the release does not hold yet. SHA256SUMS goes last, and when anything else changes its old copy goes
    /// first: the release never holds a SHA256SUMS listing assets it does not hold, as a server without digests relies on.
    /// </summary>
    private async Task<(int Uploaded, int Unchanged, int Replaced)> SyncAssetsAsync(
        GitHubRelease release, IReadOnlyDictionary<string, string> expected, ReleaseAssets remote, CancellationToken cancellationToken)
    {
        var sums = ReleaseAssets.ChecksumsName(expected);
        List<string> order = [.. expected.Keys.Where(name => name != sums).Order(StringComparer.Ordinal), .. expected.Keys.Where(name => name == sums)];
        var stale = await MissingAsync(remote, order, cancellationToken);
        if (sums is not null && stale.Count > 0 && !stale.Contains(sums)) stale.Add(sums);
        var sumsFirst = sums is not null && stale.Count > 1 ? remote.Named(sums) : null;
        if (sumsFirst is not null) await DeleteAsync(sumsFirst, "it goes back last, after the assets it lists", cancellationToken);
        int uploaded = 0, replaced = 0;
        foreach (var name in order.Where(stale.Contains))
        {
            if (remote.Named(name) is { } existing)
            {
                replaced++;
                if (existing != sumsFirst) await DeleteAsync(existing, existing.State == "starter" ? "a half-finished upload" : "different content", cancellationToken);
            }
            else uploaded++;
            var file = expected[name];
            await Mutate<GitHubAsset?>($"POST asset {name} ({new FileInfo(file).Length} bytes)", async () => await UploadAsync(release, name, file, cancellationToken), null);
        }
        return (uploaded, expected.Count - stale.Count, replaced);
    }

    private Task DeleteAsync(GitHubAsset asset, string why, CancellationToken cancellationToken) =>
        Mutate($"DELETE asset {asset.Name} ({why})", async () => { await client.DeleteAssetAsync(asset.Id, cancellationToken); return 0; }, 0);

    /// <summary>Uploads one asset; a 502 may leave a "starter" asset, and a lost answer a complete one: either is removed and the upload tried again.</summary>
    private async Task<GitHubAsset> UploadAsync(GitHubRelease release, string name, string file, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.UploadAssetAsync(release, name, file, cancellationToken);
            }
            catch (GitHubApiException e) when (attempt < UploadAttempts && ((int)e.Status >= 500 || e.AlreadyExists))
            {
                log.Information($"[publish] uploading {name} failed ({(int)e.Status}); removing what it left and trying again");
                foreach (var leftover in (await client.ListAssetsAsync(release.Id, cancellationToken)).Where(a => a.Name == name))
                    await client.DeleteAssetAsync(leftover.Id, cancellationToken);
            }
        }
    }

    /// <summary>Before publishing: every asset is there, complete, and the build's file byte for byte.</summary>
    private async Task CheckAssetsAsync(GitHubRelease release, IReadOnlyDictionary<string, string> expected, CancellationToken cancellationToken)
    {
        var wrong = await MissingAsync(await ReleaseAssets.ReadAsync(client, release, expected, cancellationToken), expected.Keys, cancellationToken);
        if (wrong.Count > 0)
            throw new PublishException($"The draft {release.TagName} does not hold these assets as {ReleaseNotes.ChecksumsFile} lists them: {string.Join(", ", wrong)}. It stays a draft; run the publish again.");
    }

    private static async Task<List<string>> MissingAsync(ReleaseAssets remote, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var name in names)
            if (!await remote.HoldsAsync(name, cancellationToken)) missing.Add(name);
        return missing;
    }

    private static Dictionary<string, string> Expected(PublishRequest request) =>
        request.Files.ToDictionary(f => AssetNames.Map(Path.GetFileName(f)), f => f, StringComparer.Ordinal);

    /// <summary>The release a dry run pretends to have created.</summary>
    private static GitHubRelease WouldBe(PublishRequest request, string body) =>
        new(0, request.Tag, request.Title, body, true, request.Prerelease, false, "https://uploads.invalid/{?name,label}", null);

    private string Ending(GitHubRelease published) => dryRun ? " (dry run: nothing was changed)" : ", published" + At(published);

    private static string At(GitHubRelease release) => release.HtmlUrl is { } url ? $" at {url}" : "";

    /// <summary>The EVRs already published for this product: from its releases' tags, drafts and this build's own tag excluded.</summary>
    private static IEnumerable<Evr> PublishedEvrs(PublishRequest request, IEnumerable<GitHubRelease> releases) =>
        releases.Where(r => !r.Draft && r.TagName != request.Tag && r.TagName.StartsWith(request.Product + "-", StringComparison.Ordinal))
            .Select(r => ReleaseNames.EvrOf(request.Product, r))
            .OfType<Evr>();

    private async Task<T> Mutate<T>(string description, Func<Task<T>> call, T dryRunResult)
    {
        if (!dryRun) return await call();
        log.Information($"[publish] would {description}");
        return dryRunResult;
    }
}
