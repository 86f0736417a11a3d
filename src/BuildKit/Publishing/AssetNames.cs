using System.Text;
using BuildKit.Verification;

namespace BuildKit.Publishing;

/// <summary>
/// Release asset names GitHub will not rewrite: '~' becomes '_', '^' and any other character outside letters, digits,
/// '.', '-' and '_' becomes '.'. The mapping is written into SHA256SUMS so a download can be matched to its package.
/// </summary>
public static class AssetNames
{
    public static string Map(string fileName) =>
        new(fileName.Select(c => c == '~' ? '_' : char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '.').ToArray());

    /// <summary>SHA256SUMS: "digest  asset-name" lines that sha256sum -c checks, after comments naming each renamed package.</summary>
    public static string Checksums(IEnumerable<string> files)
    {
        var text = new StringBuilder();
        var artifacts = files.Select(f => (File: Path.GetFileName(f), Artifact: BuildArtifact.Of(f))).ToList();
        foreach (var (file, _) in artifacts.Where(a => Map(a.File) != a.File))
            text.Append("# ").Append(Map(file)).Append(" is ").Append(file).Append('\n');
        foreach (var (file, artifact) in artifacts)
            text.Append(artifact.Sha256).Append("  ").Append(Map(file)).Append('\n');
        return text.ToString();
    }
}
