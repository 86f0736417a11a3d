using BuildKit.Versioning;

namespace BuildKit.GitHub;

/// <summary>How releases are named: tag PRODUCT-VERSION-RELEASE[DIST] with the asset-name mapping (git forbids '~' and '^').</summary>
public static class ReleaseNames
{
    public static string Tag(string product, PackageVersion version, string distTag) =>
        AssetNames.Map($"{product}-{version.Version}-{version.Release}{distTag}");

    /// <summary>The rolling pre-release that holds a product's newest nightly builds for one distribution.</summary>
    public static string NightlyTag(string product, string distTag) => AssetNames.Map($"{product}-nightly{distTag}");

    public static string NightlyTitle(string product, string distTag) => $"{product} nightly{distTag}";

    /// <summary>The EVR a release of this product was published with: its name carries it unmapped ("grafana 11.3.0~beta1-1").</summary>
    public static Evr? EvrOf(string product, GitHubRelease release) =>
        release.Name is { } name && name.StartsWith(product + " ", StringComparison.Ordinal) ? Evr.Parse(name[(product.Length + 1)..].Split(' ')[0]) : null;

    public static string Title(string product, PackageVersion version, string distTag) => $"{product} {version.Version}-{version.Release}{distTag}";

    /// <summary>The line of a release's notes that names the build key, so a later run can tell the build is already there.</summary>
    public static string BuildKeyLine(string key) => $"- build key: `{key}`";
}
