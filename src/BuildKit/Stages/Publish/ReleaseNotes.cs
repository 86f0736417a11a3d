using System.Text;
using BuildKit.GitHub;
using BuildKit.Records;

namespace BuildKit.Stages.Publish;

/// <summary>What a release says about its build: the record, the upstream changes since the previous build, the checksums.</summary>
public static class ReleaseNotes
{
    public const string ChecksumsFile = "SHA256SUMS";

    /// <summary>SHA256SUMS: "digest  asset-name" lines that sha256sum -c checks, after comments naming each renamed package.</summary>
    public static string Checksums(IEnumerable<string> files)
    {
        var text = new StringBuilder();
        var artifacts = files.Select(BuildArtifact.Of).ToList();
        foreach (var artifact in artifacts.Where(a => a.AssetName != a.Name))
            text.Append("# ").Append(artifact.AssetName).Append(" is ").Append(artifact.Name).Append('\n');
        foreach (var artifact in artifacts)
            text.Append(artifact.Sha256).Append("  ").Append(artifact.AssetName).Append('\n');
        return text.ToString();
    }

    /// <summary>The "digest  asset-name" lines of a SHA256SUMS, by asset name; comments and anything else are skipped.</summary>
    public static IReadOnlyDictionary<string, string> ParseChecksums(string text) =>
        text.Split('\n')
            .Select(line => line.TrimEnd('\r').Split("  ", 2))
            .Where(parts => parts.Length == 2 && parts[0].Length == 64 && parts[0].All(char.IsAsciiHexDigit))
            .GroupBy(parts => parts[1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[0].ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>Release notes from the build record: where the source came from, how it was built, and the checksums.</summary>
    public static string Render(BuildRecord record, string checksums, string? previousCommit = null, IReadOnlyList<string>? changes = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"{record.Product} {record.Version} for {record.Distribution}, built by BuildKit.").AppendLine();
        text.AppendLine($"- upstream: {record.Repository}");
        text.AppendLine($"- requested ref: `{record.RequestedRef}`, commit `{record.Commit}`");
        text.AppendLine($"- patch set: {record.PatchSet}");
        text.AppendLine($"- builder: `{record.BuilderImage}`");
        text.AppendLine(ReleaseNames.BuildKeyLine(record.BuildKey));
        text.AppendLine($"- toolchains: {string.Join(", ", record.Toolchains.Select(t => $"{t.Key} {t.Value}"))}");
        if (previousCommit is not null && previousCommit != record.Commit)
        {
            text.AppendLine().AppendLine($"Changes since the previous build (`{previousCommit[..Math.Min(12, previousCommit.Length)]}`):");
            foreach (var change in changes ?? []) text.AppendLine($"- {change}");
        }
        text.AppendLine().AppendLine("```").Append(checksums).AppendLine("```");
        return text.ToString();
    }
}
