using System.Net;
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

/// <summary>What a publish did.</summary>
public sealed record PublishResult(string Tag, bool CreatedRelease, int Uploaded, int Unchanged, int Replaced, bool Published);

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

        var expected = request.Files.ToDictionary(f => AssetNames.Map(Path.GetFileName(f)), f => f);
        var release = releases.FirstOrDefault(r => r.TagName == request.Tag);
        var created = false;
        if (release is { Draft: false })
        {
            var assets = await client.ListAssetsAsync(release.Id, cancellationToken);
            if (expected.All(e => assets.Any(a => a.Name == e.Key && Matches(a, e.Value))))
            {
                log.Information($"[publish] {request.Tag} is published with the same assets: nothing to do");
                return new PublishResult(request.Tag, false, 0, expected.Count, 0, true);
            }
            if (release.Immutable)
                throw new PublishException(
                    $"The release {request.Tag} is published and immutable, and its assets differ from this build: it cannot be changed. " +
                    "Publish the rebuild as a new release with --release=N.");
            release = await Mutate($"PATCH release {request.Tag} back to a draft while its assets change",
                () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Draft: true), cancellationToken), release);
        }
        if (release is null)
        {
            created = true;
            release = await Mutate($"POST a draft release {request.Tag}",
                () => CreateDraftAsync(request, cancellationToken),
                new GitHubRelease(0, request.Tag, request.Title, request.Notes, true, request.Prerelease, false, "https://uploads.invalid/{?name,label}", null));
        }

        var (uploaded, unchanged, replaced) = await SyncAssetsAsync(release, expected, cancellationToken);
        if (!dryRun) await CheckAssetsAsync(release, expected, cancellationToken);
        await Mutate($"PATCH release {request.Tag} to published",
            () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Name: request.Title, Body: request.Notes, Draft: false,
                Prerelease: request.Prerelease, MakeLatest: request.Prerelease ? "false" : "true"), cancellationToken), release);
        log.Information($"[publish] {request.Tag}: {uploaded} uploaded, {replaced} replaced, {unchanged} unchanged{(dryRun ? " (dry run: nothing was changed)" : ", published")}");
        return new PublishResult(request.Tag, created, uploaded, unchanged, replaced, !dryRun);
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

        var expected = request.Files.ToDictionary(f => AssetNames.Map(Path.GetFileName(f)), f => f);
        var created = release is null;
        release ??= await Mutate($"POST a draft release {request.Tag}", () => CreateDraftAsync(request, cancellationToken),
            new GitHubRelease(0, request.Tag, request.Title, "", true, true, false, "https://uploads.invalid/{?name,label}", null));
        var (uploaded, unchanged, replaced) = await SyncAssetsAsync(release, expected, cancellationToken);
        if (!dryRun) await CheckAssetsAsync(release, expected, cancellationToken);

        var kept = new[] { new RollingBuild(request.Evr, [.. expected.Keys], request.Notes) }
            .Concat(builds.Where(b => b.Evr.CompareTo(request.Evr) != 0))
            .OrderByDescending(b => b.Evr, RpmVersionComparer.Instance)
            .Take(keep)
            .ToList();
        var keptAssets = kept.SelectMany(b => b.Assets).ToHashSet(StringComparer.Ordinal);
        var pruned = 0;
        if (release.Id != 0)
        {
            foreach (var asset in (await client.ListAssetsAsync(release.Id, cancellationToken)).Where(a => !keptAssets.Contains(a.Name)))
            {
                pruned++;
                await Mutate($"DELETE asset {asset.Name} (a build older than the newest {keep})",
                    async () => { await client.DeleteAssetAsync(asset.Id, cancellationToken); return 0; }, 0);
            }
        }
        await Mutate($"PATCH release {request.Tag} with the newest {kept.Count} build(s) and published",
            () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Name: request.Title, Body: RollingBuilds.Render(request.Product, kept),
                Draft: false, Prerelease: true, MakeLatest: "false"), cancellationToken), release);
        log.Information($"[publish] {request.Tag}: {uploaded} uploaded, {replaced} replaced, {unchanged} unchanged, {pruned} pruned; keeps {kept.Count} of at most {keep} builds");
        return new PublishResult(request.Tag, created, uploaded, unchanged, replaced, !dryRun);
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

    private async Task<(int Uploaded, int Unchanged, int Replaced)> SyncAssetsAsync(
        GitHubRelease release, Dictionary<string, string> expected, CancellationToken cancellationToken)
    {
        var remote = release.Id == 0 ? [] : await client.ListAssetsAsync(release.Id, cancellationToken);
        int uploaded = 0, unchanged = 0, replaced = 0;
        foreach (var (name, file) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var existing = remote.FirstOrDefault(a => a.Name == name);
            if (existing is { State: "uploaded" } && Matches(existing, file))
            {
                unchanged++;
                continue;
            }
            if (existing is not null)
            {
                replaced++;
                await Mutate($"DELETE asset {name} ({(existing.State == "starter" ? "a half-finished upload" : "different content")})",
                    async () => { await client.DeleteAssetAsync(existing.Id, cancellationToken); return 0; }, 0);
            }
            else uploaded++;
            await Mutate<GitHubAsset?>($"POST asset {name} ({new FileInfo(file).Length} bytes)", async () => await UploadAsync(release, name, file, cancellationToken), null);
        }
        return (uploaded, unchanged, replaced);
    }

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

    /// <summary>Before publishing: every asset is there, complete, with the digest SHA256SUMS lists.</summary>
    private async Task CheckAssetsAsync(GitHubRelease release, Dictionary<string, string> expected, CancellationToken cancellationToken)
    {
        var remote = await client.ListAssetsAsync(release.Id, cancellationToken);
        var wrong = expected.Where(e => !remote.Any(a => a.Name == e.Key && a.State == "uploaded" && Matches(a, e.Value))).Select(e => e.Key).ToList();
        if (wrong.Count > 0)
            throw new PublishException($"The draft {release.TagName} does not hold these assets as {ReleaseNotes.ChecksumsFile} lists them: {string.Join(", ", wrong)}. It stays a draft; run the publish again.");
    }

    private static bool Matches(GitHubAsset asset, string file) =>
        asset.Digest is { } digest
            ? digest.Equals("sha256:" + Hashing.FileSha256(file), StringComparison.OrdinalIgnoreCase)
            : asset.Size == new FileInfo(file).Length;

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
