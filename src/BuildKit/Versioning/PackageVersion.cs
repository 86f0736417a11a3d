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

    /// <summary>
    /// The upstream version the build carries, without its pre-release or snapshot part (1.3.0 of 1.3.0^20260412.120000.git1234abc,
    /// 12.2.0 of 12.2.0~beta1); null for a snapshot of a tree with no version tag or version file.
    /// </summary>
    public string? Upstream
    {
        get
        {
            var end = Version.IndexOfAny(['~', '^']);
            var upstream = end < 0 ? Version : Version[..end];
            return Kind == VersionKind.Snapshot && upstream == VersionPolicy.Unversioned ? null : upstream;
        }
    }

    public override string ToString() => $"{Version}-{Release}";
}
