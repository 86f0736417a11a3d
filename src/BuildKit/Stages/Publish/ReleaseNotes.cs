using System.Text;
using BuildKit.GitHub;
using BuildKit.Records;
using BuildKit.Sbom;

namespace BuildKit.Stages.Publish;

/// <summary>One line of SHA256SUMS: the asset, the name of the file it was published from, and its SHA-256.</summary>
public sealed record ChecksumEntry(string AssetName, string Name, string Sha256);

/// <summary>What a release says about its build: the record, the upstream changes since the previous build, the checksums.</summary>
public static class ReleaseNotes
{
    public const string ChecksumsFile = "SHA256SUMS";

    /// <summary>SHA256SUMS of <paramref name="files"/>, in their order.</summary>
    public static string Checksums(IEnumerable<string> files) =>
        Checksums(files.Select(BuildArtifact.Of).Select(a => new ChecksumEntry(a.AssetName, a.Name, a.Sha256)));

    /// <summary>SHA256SUMS: "digest  asset-name" lines that sha256sum -c checks, after comments naming each renamed package.</summary>
    public static string Checksums(IEnumerable<ChecksumEntry> entries)
    {
        var text = new StringBuilder();
        var list = entries.ToList();
        foreach (var entry in list.Where(e => e.AssetName != e.Name))
            text.Append("# ").Append(entry.AssetName).Append(" is ").Append(entry.Name).Append('\n');
        foreach (var entry in list)
            text.Append(entry.Sha256).Append("  ").Append(entry.AssetName).Append('\n');
        return text.ToString();
    }

    /// <summary>The "digest  asset-name" lines of a SHA256SUMS, by asset name, with the name each renamed package had; anything else is skipped.</summary>
    public static IReadOnlyDictionary<string, ChecksumEntry> ParseChecksums(string text)
    {
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var renamed = lines.Select(line => line.StartsWith("# ", StringComparison.Ordinal) ? line[2..].Split(" is ", 2) : [])
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        return lines
            .Select(line => line.Split("  ", 2))
            .Where(parts => parts.Length == 2 && parts[0].Length == 64 && parts[0].All(char.IsAsciiHexDigit))
            .GroupBy(parts => parts[1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ChecksumEntry(g.Key, renamed.GetValueOrDefault(g.Key, g.Key), g.Last()[0].ToLowerInvariant()), StringComparer.Ordinal);
    }

    /// <summary>The record's files whose names end in <paramref name="suffix"/>, as the release names them.</summary>
    private static string Named(BuildRecord record, string suffix) => string.Join(", ", record.Artifacts
        .Where(a => a.Name.EndsWith(suffix, StringComparison.Ordinal)).Select(a => $"`{a.AssetName}`"));

    /// <summary>Release notes from the build record: where the source came from, how it was built, and the checksums.</summary>
    public static string Render(BuildRecord record, string checksums, string? previousCommit = null, IReadOnlyList<string>? changes = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"{record.Product} {record.Version} for {record.Distribution} {record.Arch}, built by BuildKit.").AppendLine();
        text.AppendLine($"- upstream: {record.Repository}");
        text.AppendLine($"- requested ref: `{record.RequestedRef}`, commit `{record.Commit}`");
        text.AppendLine($"- patch set: {record.PatchSet}");
        text.AppendLine($"- builder: `{record.BuilderImage}`");
        text.AppendLine(ReleaseNames.BuildKeyLine(record.BuildKey));
        text.AppendLine($"- toolchains: {string.Join(", ", record.Toolchains.Select(t => $"{t.Key} {t.Value}"))}");
        if (Named(record, SpdxDocument.MediaSuffix) is { Length: > 0 } sboms) text.AppendLine($"- SBOM (SPDX 2.3), one per package: {sboms}");
        if (Named(record, Provenance.FileSuffix) is { Length: > 0 } provenance) text.AppendLine($"- build provenance (in-toto, SLSA v1): {provenance}");
        if (previousCommit is not null && previousCommit != record.Commit)
        {
            text.AppendLine().AppendLine($"Changes since the previous build (`{previousCommit[..Math.Min(12, previousCommit.Length)]}`):");
            foreach (var change in changes ?? []) text.AppendLine($"- {change}");
        }
        text.AppendLine().AppendLine("```").Append(checksums).AppendLine("```");
        return text.ToString();
    }
}
