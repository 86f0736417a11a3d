namespace BuildKit.Versioning;

/// <summary>What kind of build a version describes.</summary>
public enum VersionKind
{
    /// <summary>An exact release tag.</summary>
    Release,

    /// <summary>An exact pre-release tag (beta, rc, pre).</summary>
    PreRelease,

    /// <summary>A branch or commit that is not a release tag: a Fedora snapshot version ordered by commit time.</summary>
    Snapshot,
}

/// <summary>The RPM Version and Release a build gets, and why.</summary>
public sealed record PackageVersion(int? Epoch, string Version, int Release, VersionKind Kind, string Reason)
{
    /// <summary>Release as the spec writes it: the distribution tag follows the number.</summary>
    public string SpecRelease => $"{Release}%{{?dist}}";

    public Evr Evr(string distTag = "") => new(Epoch, Version, $"{Release}{distTag}");

    public override string ToString() => $"{Version}-{Release}";
}
