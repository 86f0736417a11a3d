using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildKit.Verification;

/// <summary>A file a build produced, as a user verifies a download: name, the release asset name it is published as, size and SHA-256.</summary>
public sealed record BuildArtifact(string Name, string AssetName, long Size, string Sha256)
{
    public static BuildArtifact Of(string path) => new(
        Path.GetFileName(path), Publishing.AssetNames.Map(Path.GetFileName(path)), new FileInfo(path).Length,
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant());
}

/// <summary>One submodule in the build record.</summary>
public sealed record SubmoduleEntry(string Path, string Url, string Commit);

/// <summary>buildinfo.json: the build record with every artifact, per product build.</summary>
public sealed record BuildInfoDocument(
    string Product,
    string Version,
    string Distribution,
    string Repository,
    string RequestedRef,
    string Commit,
    string PatchSet,
    IReadOnlyList<SubmoduleEntry> Submodules,
    string Recipe,
    string SpecSha256,
    string BuilderImage,
    string BuilderImageId,
    IReadOnlyDictionary<string, string> Toolchains,
    long SourceDateEpoch,
    IReadOnlyList<BuildArtifact> Artifacts,
    string BuildKey,
    bool Verified)
{
    public static BuildInfoDocument From(BuildRecord record, string distribution, IEnumerable<string> artifacts, string buildKey) => new(
        record.Product,
        $"{record.Version}-{record.Release}",
        distribution,
        Sources.RemoteUrl.Display(record.Repo),
        record.RequestedRef,
        record.Commit,
        record.PatchSetHash,
        [.. record.Submodules.Select(s => new SubmoduleEntry(s.Path, s.Url, s.Commit))],
        record.Recipe,
        record.SpecSha256,
        record.BuilderImage,
        record.BuilderImageId,
        record.Toolchains,
        record.SourceDateEpoch,
        [.. artifacts.Select(BuildArtifact.Of)],
        buildKey,
        false);

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, BuildKitJson.Default.BuildInfoDocument) + "\n", cancellationToken);
    }

    public static BuildInfoDocument Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), BuildKitJson.Default.BuildInfoDocument)
        ?? throw new InvalidDataException($"{path} is not a build record.");
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BuildInfoDocument))]
internal sealed partial class BuildKitJson : JsonSerializerContext;
