namespace BuildKit.Configuration;

/// <summary>What turns a built tree into RPMs.</summary>
public enum Packager
{
    /// <summary>BuildKit's spec through real rpmbuild, for every product and era.</summary>
    Rpmbuild,

    /// <summary>Upstream Grafana's own legacy packaging: go run build.go pkg-rpm, which calls fpm (v5 to v7 trees, Fedora builder).</summary>
    Fpm,
}
