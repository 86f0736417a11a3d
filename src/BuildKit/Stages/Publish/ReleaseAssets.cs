using System.Text;
using BuildKit.GitHub;
using BuildKit.Stages.Package;

namespace BuildKit.Stages.Publish;

/// <summary>
/// The assets a release holds, held against the build's files (asset name to file): an asset is the file when GitHub's
/// digest says so; where the server gives no digest (an older GitHub Enterprise Server), when the release's own SHA256SUMS
/// lists the file's digest for it; else when its downloaded bytes are the file's. Equal sizes never make two files equal.
/// </summary>
public sealed class ReleaseAssets
{
    private readonly GitHubClient _client;
    private readonly IReadOnlyDictionary<string, string> _expected;
    private readonly Dictionary<string, GitHubAsset> _assets;
    private readonly IReadOnlyDictionary<string, ChecksumEntry> _listed;
    private readonly Dictionary<string, string> _localDigests = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _downloadedDigests;

    private ReleaseAssets(
        GitHubClient client, IReadOnlyDictionary<string, string> expected, List<GitHubAsset> assets, IReadOnlyDictionary<string, ChecksumEntry> listed,
        Dictionary<long, string> downloadedDigests)
    {
        _client = client;
        _expected = expected;
        _assets = assets.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _listed = listed;
        _downloadedDigests = downloadedDigests;
    }

    public IReadOnlyCollection<GitHubAsset> All => _assets.Values;

    /// <summary>The asset name of the build's SHA256SUMS among <paramref name="expected"/>, if it has one.</summary>
    public static string? ChecksumsName(IReadOnlyDictionary<string, string> expected) =>
        expected.ContainsKey(ReleaseNotes.ChecksumsFile) ? ReleaseNotes.ChecksumsFile : null;

    /// <summary>What a release that does not exist yet (a dry run's would-be draft) holds: nothing.</summary>
    public static ReleaseAssets None(GitHubClient client, IReadOnlyDictionary<string, string> expected) =>
        new(client, expected, [], new Dictionary<string, ChecksumEntry>(), []);

    /// <summary>
    /// The release's assets. Its SHA256SUMS is read too when the server gives no digest for one of the build's files, or when
    /// the release holds assets of other builds, whose lines the new SHA256SUMS carries over.
    /// </summary>
    public static async Task<ReleaseAssets> ReadAsync(
        GitHubClient client, GitHubRelease release, IReadOnlyDictionary<string, string> expected, CancellationToken cancellationToken)
    {
        var assets = await client.ListAssetsAsync(release.Id, cancellationToken);
        var sums = ChecksumsName(expected) is { } name ? assets.FirstOrDefault(a => a.Name == name && a.State == "uploaded") : null;
        var needed = assets.Any(a => a.State == "uploaded" && (expected.ContainsKey(a.Name) ? a.Digest is null : !IsReleaseFile(a.Name)));
        if (sums is null || !needed) return new ReleaseAssets(client, expected, assets, new Dictionary<string, ChecksumEntry>(), []);
        var bytes = await client.DownloadAssetAsync(sums.Id, cancellationToken);
        return new ReleaseAssets(client, expected, assets, ReleaseNotes.ParseChecksums(Encoding.UTF8.GetString(bytes)), new() { [sums.Id] = Hashing.Sha256(bytes) });
    }

    public GitHubAsset? Named(string name) => _assets.GetValueOrDefault(name);

    /// <summary>Whether the release holds the build's file <paramref name="name"/>, complete and byte for byte.</summary>
    public async Task<bool> HoldsAsync(string name, CancellationToken cancellationToken)
    {
        if (Named(name) is not { State: "uploaded" } asset) return false;
        var file = _expected[name];
        if (SignedFile(name) is { } signed)
        {
            // A detached signature carries the time it was made, so signing again never gives the same bytes: the one
            // the release holds stands while the file it signs and the key that checks it are unchanged.
            return await HoldsAsync(signed, cancellationToken) && (!_expected.ContainsKey(Signer.PublicKeyFile) || await HoldsAsync(Signer.PublicKeyFile, cancellationToken));
        }
        if (asset.Digest is { } digest) return digest.Equals("sha256:" + LocalDigest(file), StringComparison.OrdinalIgnoreCase);
        if (asset.Size != new FileInfo(file).Length) return false;
        if (_listed.TryGetValue(name, out var listed)) return listed.Sha256 == LocalDigest(file);
        return await DownloadedDigestAsync(asset, cancellationToken) == LocalDigest(file);
    }

    /// <summary>
    /// The SHA256SUMS line of an asset the release holds and keeps without a file of this build's: its digest from GitHub,
    /// else as the release's SHA256SUMS lists it, else from its bytes; its original name as that SHA256SUMS gives it.
    /// </summary>
    public async Task<ChecksumEntry?> EntryAsync(string name, CancellationToken cancellationToken)
    {
        if (Named(name) is not { State: "uploaded" } asset) return null;
        var listed = _listed.GetValueOrDefault(name);
        var digest = asset.Digest is { } given ? given["sha256:".Length..].ToLowerInvariant()
            : listed?.Sha256 ?? await DownloadedDigestAsync(asset, cancellationToken);
        return new ChecksumEntry(name, listed?.Name ?? name, digest);
    }

    /// <summary>Whether an asset belongs to the release as a whole (its SHA256SUMS, that file's signature, the public key) rather than to one build.</summary>
    public static bool IsReleaseFile(string name) =>
        name is ReleaseNotes.ChecksumsFile or ReleaseNotes.ChecksumsFile + ".asc" or Signer.PublicKeyFile;

    private async Task<string> DownloadedDigestAsync(GitHubAsset asset, CancellationToken cancellationToken)
    {
        if (!_downloadedDigests.TryGetValue(asset.Id, out var downloaded))
            _downloadedDigests[asset.Id] = downloaded = Hashing.Sha256(await _client.DownloadAssetAsync(asset.Id, cancellationToken));
        return downloaded;
    }

    private string? SignedFile(string name) =>
        name.EndsWith(".asc", StringComparison.Ordinal) && _expected.ContainsKey(name[..^4]) ? name[..^4] : null;

    private string LocalDigest(string file)
    {
        if (!_localDigests.TryGetValue(file, out var digest)) _localDigests[file] = digest = Hashing.FileSha256(file);
        return digest;
    }
}
