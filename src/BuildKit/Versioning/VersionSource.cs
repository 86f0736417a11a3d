namespace BuildKit.Versioning;

/// <summary>How the RPM version of a product is found.</summary>
public enum VersionSourceKind
{
    /// <summary>From the commit's tags, or a snapshot after the nearest one (the default).</summary>
    Tag,

    /// <summary>From the version the tree states in its version file, whatever its tags say.</summary>
    Tree,

    /// <summary>A version the packager fixes.</summary>
    Fixed,
}

/// <summary>
/// Where a product's RPM version comes from (version-from: in the products file). A fork with tags of its own (v3.0.0 on
/// Grafana 6.5 code) would otherwise be versioned below every upstream RPM; reading the tree's own version file, or a
/// fixed version, keeps dnf's order with upstream.
/// </summary>
public sealed record VersionSource(VersionSourceKind Kind, string Value)
{
    public const string TagKeyword = "tag";

    public static VersionSource Tag { get; } = new(VersionSourceKind.Tag, TagKeyword);

    /// <summary>
    /// tag; the file the recipe reads the tree's version from (package.json for Grafana); or a version such as 6.5.0.
    /// Null when <paramref name="text"/> is none of them.
    /// </summary>
    public static VersionSource? TryParse(string text, string? versionFile) =>
        text == TagKeyword ? Tag
        : versionFile is not null && text == versionFile ? new VersionSource(VersionSourceKind.Tree, text)
        : UpstreamVersion.TryParse(text) is not null ? new VersionSource(VersionSourceKind.Fixed, text)
        : null;

    public override string ToString() => Value;
}
