namespace BuildKit.GitHub;

/// <summary>
/// How releases are named: tag PRODUCT-VERSION-RELEASE with the asset-name mapping (git forbids '~' and '^'), one release
/// for every distribution and architecture the version is built for; the rolling nightly PRODUCT-nightly likewise.
/// </summary>
public static class ReleaseNames
{
    /// <param name="versionRelease">VERSION-RELEASE, as <see cref="PackageVersion"/> prints it and the build record holds it.</param>
    public static string Tag(string product, string versionRelease) => AssetNames.Map($"{product}-{versionRelease}");

    public static string Title(string product, string versionRelease) => $"{product} {versionRelease}";

    /// <summary>The rolling pre-release that holds a product's newest nightly builds of each distribution and architecture.</summary>
    public static string NightlyTag(string product) => AssetNames.Map($"{product}-nightly");

    public static string NightlyTitle(string product) => $"{product} nightly";

    /// <summary>The line of a release's notes that names the build key, so a later run can tell the build is already there.</summary>
    public static string BuildKeyLine(string key) => $"{BuildKeyPrefix}{key}`";

    private const string BuildKeyPrefix = "- build key: `";

    /// <summary>The build-key line of a build's notes, if they have one.</summary>
    public static string? BuildKeyLineIn(string notes) =>
        notes.Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(line => line.StartsWith(BuildKeyPrefix, StringComparison.Ordinal));
}
