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
    private readonly IReadOnlyDictionary<string, string> _listed;
    private readonly Dictionary<string, string> _localDigests = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _downloadedDigests;

    private ReleaseAssets(
        GitHubClient client, IReadOnlyDictionary<string, string> expected, List<GitHubAsset> assets, IReadOnlyDictionary<string, string> listed,
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
        expected.Keys.FirstOrDefault(name => name.EndsWith(ReleaseNotes.ChecksumsFile, StringComparison.Ordinal));

    /// <summary>What a release that does not exist yet (a dry run's would-be draft) holds: nothing.</summary>
    public static ReleaseAssets None(GitHubClient client, IReadOnlyDictionary<string, string> expected) =>
        new(client, expected, [], new Dictionary<string, string>(), []);

    public static async Task<ReleaseAssets> ReadAsync(
        GitHubClient client, GitHubRelease release, IReadOnlyDictionary<string, string> expected, CancellationToken cancellationToken)
    {
        var assets = await client.ListAssetsAsync(release.Id, cancellationToken);
        var sums = ChecksumsName(expected) is { } name ? assets.FirstOrDefault(a => a.Name == name && a.State == "uploaded") : null;
        var digestless = assets.Any(a => a.Digest is null && a.State == "uploaded" && expected.ContainsKey(a.Name));
        if (sums is null || !digestless) return new ReleaseAssets(client, expected, assets, new Dictionary<string, string>(), []);
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
        if (_listed.TryGetValue(name, out var listed)) return listed == LocalDigest(file);
        if (!_downloadedDigests.TryGetValue(asset.Id, out var downloaded))
            _downloadedDigests[asset.Id] = downloaded = Hashing.Sha256(await _client.DownloadAssetAsync(asset.Id, cancellationToken));
        return downloaded == LocalDigest(file);
    }

    private string? SignedFile(string name) =>
        name.EndsWith(".asc", StringComparison.Ordinal) && _expected.ContainsKey(name[..^4]) ? name[..^4] : null;

    private string LocalDigest(string file)
    {
        if (!_localDigests.TryGetValue(file, out var digest)) _localDigests[file] = digest = Hashing.FileSha256(file);
        return digest;
    }
}
