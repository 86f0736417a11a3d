using BuildKit.Records;

namespace BuildKit.Sbom;

/// <summary>
/// What one build's SBOM says: the build (its record: upstream repository, commit, patches, version), the package's own
/// licence as its spec states it, and every component found. One per build; each RPM's document is written from it.
/// </summary>
public sealed record BuildSbom(BuildRecord Record, string Licence, IReadOnlyList<Component> Components)
{
    /// <summary>What the packages ship: every component but the build-only ones.</summary>
    public IEnumerable<Component> Shipped => Components.Where(c => !c.BuildOnly);

    /// <summary>The License: expression of a package that ships these components.</summary>
    public string PackageLicence => Licences.Covering(Licence, Components);

    /// <summary>The upstream version: VERSION of the record's VERSION-RELEASE.</summary>
    public string UpstreamVersion => Record.Version[..Math.Max(0, Record.Version.LastIndexOf('-'))] is { Length: > 0 } version ? version : Record.Version;
}
