using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildKit.Logging;

namespace BuildKit.Records;

/// <summary>A file a build produced, as a user verifies a download: name, the release asset name it is published as, size and SHA-256.</summary>
public sealed record BuildArtifact(string Name, string AssetName, long Size, string Sha256)
{
    public static BuildArtifact Of(string path) =>
        new(Path.GetFileName(path), GitHub.AssetNames.Map(Path.GetFileName(path)), new FileInfo(path).Length, Hashing.FileSha256(path));

    /// <summary>Where this file is now, unchanged, in the first of <paramref name="folders"/> that holds it; null when none does.</summary>
    public string? LocateIn(IReadOnlyList<string> folders) =>
        folders.Select(folder => Path.Combine(folder, Name))
            .FirstOrDefault(path => File.Exists(path) && new FileInfo(path).Length == Size && Hashing.FileSha256(path) == Sha256);
}

/// <summary>One submodule as built: where, at which commit, from which repository.</summary>
public sealed record SubmoduleEntry(string Path, string Url, string Commit);

/// <summary>One bundled dependency as built into the product: which, from which repository, at which ref and commit.</summary>
public sealed record BundledEntry(string Name, string Url, string Ref, string Commit);

/// <summary>
/// What identifies a build: where the source came from, exactly which commit and patches, how it was built and with which
/// toolchains, and what it produced. Shipped inside every package as BUILDINFO (<see cref="ToText"/>) and kept beside the
/// packages as buildinfo.json, which the next run reads to reuse an unchanged build.
/// </summary>
public sealed record BuildRecord(
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
    /// <summary>The libraries built from source into the product because the distribution packages none of them.</summary>
    public IReadOnlyList<BundledEntry> Bundled { get; init; } = [];

    /// <summary>The tag or commit (an earlier build's) the %changelog counts upstream commits from; null from the start of history.</summary>
    public string? ChangesSince { get; init; }

    /// <summary>rpm's %_binary_payload the packages were compressed with; null for upstream's fpm, which chooses its own.</summary>
    public string? PayloadCompression { get; init; }

    /// <summary>
    /// The architecture the build is for: its binary packages' ("noarch" when it has only those). A publish keeps, compares
    /// and prunes builds per distribution and architecture.
    /// </summary>
    public string Arch =>
        Artifacts.Where(a => a.Name.EndsWith(".rpm", StringComparison.Ordinal))
            .Select(a => a.Name[..^".rpm".Length].Split('.').Last())
            .FirstOrDefault(arch => arch is not ("src" or "noarch"))
        ?? NoArch;

    private const string NoArch = "noarch";

    /// <summary>
    /// NAME=VERSION lines (a recipe's toolchain query, then what its steps installed) as a sorted map; empty versions are
    /// left out, and a later line stands for an earlier one of the same name.
    /// </summary>
    public static ImmutableSortedDictionary<string, string> ParseToolchains(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[1].Length > 0)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToImmutableSortedDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    /// <summary>Where each artifact of the record is now, unchanged, among <paramref name="folders"/>; null when any is gone or different.</summary>
    public ImmutableArray<string>? LocateArtifacts(IReadOnlyList<string> folders)
    {
        var found = Artifacts.Select(artifact => artifact.LocateIn(folders)).ToList();
        return found.Any(path => path is null) ? null : [.. found.Select(path => path!)];
    }

    /// <summary>The BUILDINFO file: one "key: value" a line, stable order.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        void Line(string key, string value) => text.Append(key).Append(": ").Append(value).Append('\n');
        Line("product", Product);
        Line("version", Version);
        Line("repository", Repository);
        Line("requested-ref", RequestedRef);
        Line("commit", Commit);
        Line("patch-set", PatchSet);
        foreach (var submodule in Submodules) Line("submodule", $"{submodule.Path} {submodule.Commit} {submodule.Url}");
        foreach (var bundled in Bundled) Line("bundled", $"{bundled.Name} {bundled.Ref} {bundled.Commit} {bundled.Url}");
        Line("recipe", Recipe);
        Line("spec-sha256", SpecSha256);
        Line("builder-image", $"{BuilderImage} {BuilderImageId}");
        foreach (var (tool, version) in Toolchains.OrderBy(t => t.Key, StringComparer.Ordinal)) Line("toolchain", $"{tool} {version}");
        Line("source-date-epoch", SourceDateEpoch.ToString());
        if (PayloadCompression is { } payload) Line("payload-compression", payload);
        return text.ToString();
    }

    /// <summary>Written beside and moved into place: a reader sees the whole record or the one before it, never half of one.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.partial-{Environment.ProcessId}";
        await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(this, BuildKitJson.Default.BuildRecord) + "\n", cancellationToken);
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>The record at <paramref name="path"/>; none when there is none, and none with a warning when it cannot be read (the build then runs).</summary>
    public static BuildRecord? TryRead(string path, IBuildLog log)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), BuildKitJson.Default.BuildRecord);
        }
        catch (JsonException e)
        {
            log.Warning($"{path} is not a readable build record ({e.Message}): treating the last build as unknown, so it is built again.");
            return null;
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BuildRecord))]
internal sealed partial class BuildKitJson : JsonSerializerContext;
