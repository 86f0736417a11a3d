using System.Text;
using BuildKit.Verification;
using BuildKit.Versioning;

namespace BuildKit.Publishing;

/// <summary>How releases are named: tag PRODUCT-VERSION-RELEASE[DIST] with the asset-name mapping (git forbids '~' and '^').</summary>
public static class ReleaseNames
{
    public static string Tag(string product, PackageVersion version, string distTag) =>
        AssetNames.Map($"{product}-{version.Version}-{version.Release}{distTag}");

    /// <summary>The EVR a release of this product was published with: its name carries it unmapped ("grafana 11.3.0~beta1-1").</summary>
    public static Evr? EvrOf(string product, GitHubRelease release) =>
        release.Name is { } name && name.StartsWith(product + " ", StringComparison.Ordinal) ? Evr.Parse(name[(product.Length + 1)..].Split(' ')[0]) : null;

    public static string Title(string product, PackageVersion version, string distTag) => $"{product} {version.Version}-{version.Release}{distTag}";

    /// <summary>Release notes from the build record: where the source came from, how it was built, and the checksums.</summary>
    public static string Notes(BuildInfoDocument record, string checksums, string? previousCommit = null, IReadOnlyList<string>? changes = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"{record.Product} {record.Version} for {record.Distribution}, built by BuildKit.").AppendLine();
        text.AppendLine($"- upstream: {record.Repository}");
        text.AppendLine($"- requested ref: `{record.RequestedRef}`, commit `{record.Commit}`");
        text.AppendLine($"- patch set: {record.PatchSet}");
        text.AppendLine($"- builder: `{record.BuilderImage}`");
        text.AppendLine($"- build key: `{record.BuildKey}`");
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
