using System.Collections.Immutable;

namespace BuildKit.Configuration;

/// <summary>How a builder installs packages: dnf (Fedora, the default) or apt (Debian, for air-gapped users and this project's CI).</summary>
public enum PackageFamily
{
    Dnf,
    Apt,
}

/// <summary>A target distribution: the builder's base image and the %{?dist} tag its RPMs carry.</summary>
public sealed record Distribution(string Name, PackageFamily Family, string BaseImage, string DistTag)
{
    public const string DefaultName = "fedora-43";

    /// <summary>
    /// Enterprise Linux (AlmaLinux here; Rocky and RHEL read the same packages): its builder enables CRB, where Red Hat keeps
    /// ninja-build and private Qt headers, and EPEL, which has KDE Frameworks, extra-cmake-modules and ccache.
    /// </summary>
    public bool EnterpriseLinux { get; init; }

    public static ImmutableArray<Distribution> All { get; } =
    [
        new("fedora-43", PackageFamily.Dnf, "fedora:43", ".fc43"),
        new("fedora-42", PackageFamily.Dnf, "fedora:42", ".fc42"),
        new("el9", PackageFamily.Dnf, "almalinux:9", ".el9") { EnterpriseLinux = true },
        new("el10", PackageFamily.Dnf, "almalinux:10", ".el10") { EnterpriseLinux = true },
        new("debian-12", PackageFamily.Apt, "debian:bookworm", ""),
        new("debian-13", PackageFamily.Apt, "debian:trixie", ""),
    ];

    public static Distribution Named(string name, string source) =>
        All.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException(
            $"Unknown distribution '{name}' in {source}. Use one of: {string.Join(", ", All.Select(d => d.Name))}.");

    public string FamilyName => Family.ToString().ToLowerInvariant();
}
