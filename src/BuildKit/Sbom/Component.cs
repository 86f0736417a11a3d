using System.Collections.Immutable;

namespace BuildKit.Sbom;

/// <summary>Where a component comes from, as its purl type and its bundled() provide name it.</summary>
public enum Ecosystem
{
    /// <summary>A Go module linked into a binary.</summary>
    Go,

    /// <summary>An npm package from the lockfile the frontend was built with.</summary>
    Npm,

    /// <summary>C or C++ source built into the product: a submodule, or a dependency BuildKit built from its pinned upstream.</summary>
    Source,
}

/// <summary>
/// One thing built into (or only used to build) a package: what it is, which version, how to find it again (a purl), its
/// licence as its source declares it (NOASSERTION when it declares none) and the checksums its lockfile records. A
/// <see cref="BuildOnly"/> component (an npm dev dependency) is not shipped: it gets no bundled() provide and adds no licence.
/// </summary>
public sealed record Component(Ecosystem Ecosystem, string Name, string Version, string Purl)
{
    public const string NoAssertion = "NOASSERTION";

    public string Licence { get; init; } = NoAssertion;

    public bool BuildOnly { get; init; }

    /// <summary>SPDX checksum algorithm (SHA1, SHA256, SHA512) to lowercase hex.</summary>
    public ImmutableSortedDictionary<string, string> Checksums { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>What the lockfile records that is no SPDX checksum (go.sum's h1: hash, yarn berry's cache checksum).</summary>
    public string? Comment { get; init; }

    /// <summary>Where its source is: a git URL at a commit, or NOASSERTION.</summary>
    public string DownloadLocation { get; init; } = NoAssertion;

    /// <summary>The RPM capability that says the package carries it, as Fedora's guidelines for bundled code name it.</summary>
    public string Provide => Ecosystem switch
    {
        Ecosystem.Go => $"bundled(golang({Name}))",
        Ecosystem.Npm => $"bundled(npm({Name}))",
        _ => $"bundled({Name})",
    };

    /// <summary>The order every listing of components follows, so that the same components always give the same bytes.</summary>
    public static IReadOnlyList<Component> Ordered(IEnumerable<Component> components) =>
        [.. components.OrderBy(c => c.Ecosystem).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Version, StringComparer.Ordinal).ThenBy(c => c.BuildOnly)];
}
