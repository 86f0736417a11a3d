using BuildKit.Logging;
using BuildKit.GitHub;
using BuildKit.Stages.Package;
using BuildKit.Versioning;

namespace BuildKit.Stages.Publish;

/// <summary>A release that cannot be completed as asked (immutable, or assets that do not match after upload).</summary>
public sealed class PublishException(string message) : BuildKitException(message);

/// <summary>Signs a release's SHA256SUMS: writes the detached signature and the public key beside it.</summary>
public delegate Task ChecksumsSigner(string checksumsFile, CancellationToken cancellationToken);

/// <summary>
/// Builds of one product to publish in one release: one per distribution and architecture. With <paramref name="KeepBuilds"/>
/// the release is a rolling one (the product's nightly) that keeps the newest builds of each distribution and architecture.
/// SHA256SUMS is written into <paramref name="Folder"/> and signed with <paramref name="Sign"/> when signing is on.
/// </summary>
public sealed record PublishRequest(
    string Product, string Tag, string Title, bool Prerelease, IReadOnlyList<LocalBuild> Builds, string Folder, int? KeepBuilds = null,
    ChecksumsSigner? Sign = null);

/// <summary>
/// What a publish did. <paramref name="Changed"/> is false when the release already held the build and nothing was done
/// (in a dry run: nothing would have been); <paramref name="Url"/> is the release's page, once it is published.
/// </summary>
public sealed record PublishResult(string Tag, bool CreatedRelease, int Uploaded, int Unchanged, int Replaced, bool Published, bool Changed, string? Url);

/// <summary>
/// Publishes builds to a GitHub release so that re-runs are safe and builds of other distributions and architectures are
/// kept: the ordering gate per distribution and architecture first, then a draft, uploads that skip identical assets,
/// replace changed ones and clear half-uploaded ("starter") ones, one SHA256SUMS over every asset the release keeps, a check
/// of the asset list, only then the pruning of builds beyond those kept, and publish. A published immutable release is
/// never modified. --dry-run prints the calls that would change anything and makes none of them.
/// </summary>
public sealed class ReleasePublisher(GitHubClient client, IBuildLog log, bool dryRun, bool allowDowngrade)
{
    private const int UploadAttempts = 3;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        if (request.Builds.GroupBy(b => b.Released.Target).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new PublishException($"{request.Product} has {twice.Count()} builds for {twice.Key} to publish in {request.Tag}: give one result per distribution and architecture.");
        var releases = await client.ListReleasesAsync(cancellationToken);
        var release = releases.FirstOrDefault(r => r.TagName == request.Tag);
        var existing = ReleaseBuilds.Parse(release?.Body);
        request = WithoutPublishedKeys(request, existing);
        var incoming = request.Builds.Select(b => b.Released).ToList();
        foreach (var build in incoming)
            OrderingGate.Check(request.Product, build.Evr,
                existing.Where(e => e.SameTarget(build) && !e.SameBuild(build)).Select(e => e.Evr).Concat(PublishedEvrs(request, build, releases)), allowDowngrade);

        var kept = ReleaseBuilds.Kept(incoming, existing, request.KeepBuilds);
        ReleaseBuilds.CheckNames(kept, request.Tag);
        var keptElsewhere = kept.Where(b => !incoming.Any(b.SameBuild)).SelectMany(b => b.Assets).ToHashSet(StringComparer.Ordinal);
        var expected = Expected(request);
        var remote = release is null ? ReleaseAssets.None(client, expected) : await ReleaseAssets.ReadAsync(client, release, expected, cancellationToken);
        // An asset another build of the same EVR already published under this name (the SRPM, a noarch package) stands.
        foreach (var name in keptElsewhere.Where(name => remote.Named(name) is { State: "uploaded" })) expected.Remove(name);
        await WriteChecksumsAsync(request, kept, expected, remote, cancellationToken);

        var stale = await MissingAsync(remote, expected.Keys, cancellationToken);
        var unchanged = expected.Count - stale.Count;
        // What a build no longer kept owned is pruned, and a signature this publish does not make: assets added by hand stay.
        var keptAssets = kept.SelectMany(b => b.Assets).Concat(expected.Keys).ToHashSet(StringComparer.Ordinal);
        var dropped = existing.SelectMany(b => b.Assets).Where(name => !keptAssets.Contains(name)).ToHashSet(StringComparer.Ordinal);
        var pruned = remote.All.Where(a => !keptAssets.Contains(a.Name) && (dropped.Contains(a.Name) || ReleaseAssets.IsReleaseFile(a.Name))).ToList();
        var body = ReleaseBuilds.Render(ReleaseBuilds.Heading(request.Product, request.Title, request.KeepBuilds, kept), kept);
        if (stale.Count + pruned.Count == 0 && release is { Draft: false } && release.Name == request.Title && release.Body == body && release.Prerelease == request.Prerelease)
        {
            log.Information($"[publish] {request.Tag} already holds {ReleaseBuilds.Describe(incoming.Count > 0 ? incoming : kept)} with the same assets: nothing to do{At(release)}");
            return new PublishResult(request.Tag, false, 0, expected.Count, 0, true, false, release.HtmlUrl);
        }
        if (release is { Draft: false, Immutable: true })
            throw new PublishException(request.KeepBuilds is null
                ? $"The release {request.Tag} is published and immutable, and publishing {ReleaseBuilds.Describe(incoming)} would change it: it cannot be changed. " +
                  "Publish every distribution and architecture of a build in one pass (--from=DIR with every job's results), and a rebuild as a new release with --release=N."
                : $"The rolling release {request.Tag} is immutable, so it cannot take new builds. Turn off immutable releases for it, or publish each build as its own release.");
        if (release is { Draft: false } && request.KeepBuilds is null && stale.Count + pruned.Count > 0)
            release = await Mutate($"PATCH release {request.Tag} back to a draft while its assets change",
                () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Draft: true), cancellationToken), release);
        var created = release is null;
        release ??= await Mutate($"POST a draft release {request.Tag}", () => CreateDraftAsync(request, body, cancellationToken), WouldBe(request, body));

        var (uploaded, replaced) = await SyncAssetsAsync(release, expected, remote, stale, cancellationToken);
        if (!dryRun) await CheckAssetsAsync(release, expected, cancellationToken);
        foreach (var asset in pruned)
            await DeleteAsync(asset, request.KeepBuilds is { } keep ? $"a build older than the newest {keep} of its distribution and architecture" : "a build no longer kept", cancellationToken);
        var published = await Mutate($"PATCH release {request.Tag} with {kept.Count} build(s) and published",
            () => client.UpdateReleaseAsync(release.Id, new GitHubReleaseRequest(Name: request.Title, Body: body, Draft: false,
                Prerelease: request.Prerelease, MakeLatest: request.Prerelease ? "false" : "true"), cancellationToken), release);
        log.Information($"[publish] {request.Tag}: {uploaded} uploaded, {replaced} replaced, {unchanged} unchanged, {pruned.Count} pruned; " +
                        $"holds {ReleaseBuilds.Describe(kept)}{Ending(published)}");
        return new PublishResult(request.Tag, created, uploaded, unchanged, replaced, !dryRun, true, dryRun ? null : published.HtmlUrl);
    }

    /// <summary>
    /// Asset name to file: each build's files (of an asset two builds share, the first's by distribution and architecture),
    /// then the release's SHA256SUMS and, when signed, its signature and key.
    /// </summary>
    private static Dictionary<string, string> Expected(PublishRequest request)
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var build in request.Builds.OrderBy(b => b.Distribution, StringComparer.Ordinal).ThenBy(b => b.Arch, StringComparer.Ordinal))
            foreach (var file in build.Files)
                expected.TryAdd(AssetNames.Map(Path.GetFileName(file)), file);
        var sums = Path.Combine(request.Folder, ReleaseNotes.ChecksumsFile);
        expected[ReleaseNotes.ChecksumsFile] = sums;
        if (request.Sign is not null)
        {
            expected[ReleaseNotes.ChecksumsFile + ".asc"] = sums + ".asc";
            expected[Signer.PublicKeyFile] = Path.Combine(request.Folder, Signer.PublicKeyFile);
        }
        return expected;
    }

    /// <summary>
    /// A build whose build key the release already holds for the same distribution, architecture and EVR is that build,
    /// made again from the same inputs (a matrix job that ran twice): the published one stands, and nothing is uploaded for it.
    /// </summary>
    private PublishRequest WithoutPublishedKeys(PublishRequest request, IReadOnlyList<ReleaseBuild> existing)
    {
        var published = request.Builds.Where(b => ReleaseNames.BuildKeyLineIn(b.Notes) is { } key &&
            existing.Any(e => e.SameBuild(b.Released) && ReleaseNames.BuildKeyLineIn(e.Notes) == key)).ToList();
        foreach (var build in published) log.Information($"[publish] {request.Tag} already holds {build.Evr} for {build.Released.Target} with the same build key: it stands");
        return published.Count == 0 ? request : request with { Builds = [.. request.Builds.Except(published)] };
    }

    /// <summary>SHA256SUMS over every asset the release keeps, in name order, so the same builds give the same file whatever order they came in.</summary>
    private static async Task WriteChecksumsAsync(
        PublishRequest request, IReadOnlyList<ReleaseBuild> kept, IReadOnlyDictionary<string, string> expected, ReleaseAssets remote, CancellationToken cancellationToken)
    {
        var entries = new List<ChecksumEntry>();
        foreach (var build in kept)
            foreach (var name in build.Assets.Where(name => !entries.Any(e => e.AssetName == name)))
            {
                if (expected.TryGetValue(name, out var file)) entries.Add(new ChecksumEntry(name, Path.GetFileName(file), Hashing.FileSha256(file)));
                else entries.Add(await remote.EntryAsync(name, cancellationToken) ?? throw new PublishException(
                    $"The release {request.Tag} lists {name} as part of its {build.Target} build {build.Evr} but does not hold it. " +
                    "Publish that build again (its job's results with --from=DIR), or remove the build's entry from the release notes."));
            }
        Directory.CreateDirectory(request.Folder);
        var sums = Path.Combine(request.Folder, ReleaseNotes.ChecksumsFile);
        await File.WriteAllTextAsync(sums, ReleaseNotes.Checksums(entries.OrderBy(e => e.AssetName, StringComparer.Ordinal)), cancellationToken);
        if (request.Sign is not null) await request.Sign(sums, cancellationToken);
    }


    private async Task<GitHubRelease> CreateDraftAsync(PublishRequest request, string body, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CreateReleaseAsync(new GitHubReleaseRequest(request.Tag, null, request.Title, body, true, request.Prerelease), cancellationToken);
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
    private async Task<(int Uploaded, int Replaced)> SyncAssetsAsync(
        GitHubRelease release, IReadOnlyDictionary<string, string> expected, ReleaseAssets remote, List<string> stale, CancellationToken cancellationToken)
    {
        var sums = ReleaseAssets.ChecksumsName(expected);
        List<string> order = [.. expected.Keys.Where(name => name != sums).Order(StringComparer.Ordinal), .. expected.Keys.Where(name => name == sums)];
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
        return (uploaded, replaced);
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

    /// <summary>The release a dry run pretends to have created.</summary>
    private static GitHubRelease WouldBe(PublishRequest request, string body) =>
        new(0, request.Tag, request.Title, body, true, request.Prerelease, false, "https://uploads.invalid/{?name,label}", null);

    private string Ending(GitHubRelease published) => dryRun ? " (dry run: nothing was changed)" : ", published" + At(published);

    private static string At(GitHubRelease release) => release.HtmlUrl is { } url ? $" at {url}" : "";

    /// <summary>The EVRs of this product already published for the build's distribution and architecture in its other releases; drafts are not published.</summary>
    private static IEnumerable<Evr> PublishedEvrs(PublishRequest request, ReleaseBuild build, IEnumerable<GitHubRelease> releases) =>
        releases.Where(r => !r.Draft && r.TagName != request.Tag && r.Name?.StartsWith(request.Product + " ", StringComparison.Ordinal) == true)
            .SelectMany(r => ReleaseBuilds.Parse(r.Body))
            .Where(b => b.SameTarget(build))
            .Select(b => b.Evr);

    private async Task<T> Mutate<T>(string description, Func<Task<T>> call, T dryRunResult)
    {
        if (!dryRun) return await call();
        log.Information($"[publish] would {description}");
        return dryRunResult;
    }
}
