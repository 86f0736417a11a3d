using BuildKit.Logging;

namespace BuildKit.Sbom;

/// <summary>
/// The Sbom target's answer for a product: its SBOMs, and what <see cref="SbomSummary"/> says of the first (every package
/// of a build carries the same components: the SBOMs differ in the package they describe).
/// </summary>
public static class SbomReport
{
    public static void Print(IBuildLog log, string product, IReadOnlyList<string> attestations)
    {
        var documents = attestations.Where(file => file.EndsWith(SpdxDocument.MediaSuffix, StringComparison.Ordinal)).ToList();
        if (documents.Count == 0)
        {
            log.Information($"[{product}/Sbom] no SBOM beside the packages: upstream's fpm made them, or a BuildKit that wrote none (--clean builds them again)");
            return;
        }
        log.Information($"[{product}/Sbom] {string.Join(", ", documents.Select(Path.GetFileName))}");
        foreach (var line in SbomSummary.Of(File.ReadAllText(documents.Order(StringComparer.Ordinal).First())).TrimEnd('\n').Split('\n'))
            log.Information($"[{product}/Sbom]   {line}");
    }
}
