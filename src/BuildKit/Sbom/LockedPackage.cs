namespace BuildKit.Sbom;

/// <summary>
/// One package a lockfile pins: its name and version, the descriptors (NAME@RANGE) that resolve to it, what it depends on
/// (NAME to RANGE), and what the lockfile says of its bytes. <paramref name="Workspace"/> is the folder of a package of the
/// tree itself (a yarn workspace), which is part of the product, not a component of it.
/// </summary>
public sealed record LockedPackage(
    string Name, string Version, IReadOnlyList<string> Descriptors, IReadOnlyDictionary<string, string> Dependencies, string? Workspace = null)
{
    /// <summary>npm's Subresource Integrity string ("sha512-BASE64"), as yarn 1 and package-lock.json record it.</summary>
    public string? Integrity { get; init; }

    /// <summary>yarn berry's checksum: of the zip yarn keeps in its cache, not of the npm tarball.</summary>
    public string? CacheChecksum { get; init; }

    /// <summary>The licence the lockfile records (package-lock.json does); yarn's lockfiles record none.</summary>
    public string? Licence { get; init; }

    /// <summary>What package-lock.json says of a package only development needs; null where the lockfile does not say (yarn).</summary>
    public bool? Dev { get; init; }

    /// <summary>The descriptor a dependency NAME: RANGE is looked up by: yarn 1 as written, berry with npm: added to a plain range.</summary>
    public static IEnumerable<string> DescriptorsOf(string name, string range) =>
        range.Contains(':', StringComparison.Ordinal) ? [$"{name}@{range}"] : [$"{name}@{range}", $"{name}@npm:{range}"];
}
