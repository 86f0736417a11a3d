using System.Collections.Immutable;

namespace BuildKit.Containers;

/// <summary>How one family provides a tool: the packages to install, or why it cannot.</summary>
public sealed record Provision(ImmutableArray<string> Packages, string? UnavailableBecause = null)
{
    public bool IsAvailable => UnavailableBecause is null;
    public static Provision Of(params string[] packages) => new([.. packages]);
    public static Provision Unavailable(string reason) => new([], reason);
}

/// <summary>A tool a recipe needs, and how each package family provides it.</summary>
public sealed record Tool(string Name, Provision Dnf, Provision Apt)
{
    public Provision In(PackageFamily family) => family == PackageFamily.Dnf ? Dnf : Apt;
}

/// <summary>The tools one kind of build needs, and the families whose builders can run it.</summary>
public sealed record Toolset(string Name, ImmutableArray<string> Tools, ImmutableArray<PackageFamily> Families, ImmutableArray<string> Gems);

/// <summary>
/// The one table of builder packages, both families side by side, so that a recipe's needs are stated once and the two
/// package lists cannot drift apart. Fedora names follow Fedora's own specs; Debian names follow bookworm.
/// </summary>
public static class Toolchains
{
    public static ImmutableArray<Tool> Tools { get; } =
    [
        // Every builder.
        new("git", Provision.Of("git-core"), Provision.Of("git")),
        new("rpmbuild", Provision.Of("rpm-build"), Provision.Of("rpm")),
        new("rpmlint", Provision.Of("rpmlint"), Provision.Of("rpmlint")),
        new("rpmdevtools", Provision.Of("rpmdevtools"), Provision.Unavailable("Debian does not package rpmdevtools; BuildKit needs none of its scripts")),
        new("createrepo", Provision.Of("createrepo_c"), Provision.Of("createrepo-c")),
        new("ccache", Provision.Of("ccache"), Provision.Of("ccache")),
        new("archive", Provision.Of("tar", "gzip", "xz", "cpio", "file"), Provision.Of("tar", "gzip", "xz-utils", "cpio", "file")),
        new("ca-certificates", Provision.Of("ca-certificates"), Provision.Of("ca-certificates")),
        new("base-utils", Provision.Of("findutils", "shadow-utils", "diffutils", "which"), Provision.Of("findutils", "passwd", "diffutils", "debianutils")),
        new("systemd-macros", Provision.Of("systemd-rpm-macros"), Provision.Of()),
        new("signing", Provision.Of("rpm-sign", "gnupg2"), Provision.Of("gnupg")),

        // Grafana: Go backend (cgo for SQLite), TypeScript frontend.
        new("go", Provision.Of("golang"), Provision.Of("golang-go")),
        new("node", Provision.Of("nodejs"), Provision.Of("nodejs")),
        new("npm", Provision.Of("nodejs-npm"), Provision.Of("npm")),
        new("c", Provision.Of("gcc", "make"), Provision.Of("gcc", "make", "libc6-dev")),
        new("fpm", Provision.Of("ruby", "ruby-devel", "rubygems", "gcc", "make"),
            Provision.Unavailable("fpm comes from RubyGems, which Debian does not package and this builder cannot reach")),

        // hotspot: C++/Qt with KDE Frameworks.
        new("cmake", Provision.Of("cmake", "ninja-build", "extra-cmake-modules"), Provision.Of("cmake", "ninja-build", "make", "extra-cmake-modules")),
        new("c++", Provision.Of("gcc-c++"), Provision.Of("g++")),
        new("elfutils", Provision.Of("elfutils-devel", "libzstd-devel"), Provision.Of("libelf-dev", "libdw-dev", "libzstd-dev")),
        new("gettext", Provision.Of("gettext"), Provision.Of("gettext")),
        new("qt5", Provision.Of("qt5-qtbase-devel", "qt5-qtsvg-devel", "qt5-qtx11extras-devel", "kf5-rpm-macros"),
            Provision.Of("qtbase5-dev", "libqt5svg5-dev", "libqt5x11extras5-dev")),
        new("kf5", Provision.Of("kf5-threadweaver-devel", "kf5-ki18n-devel", "kf5-kcoreaddons-devel", "kf5-kitemviews-devel",
                "kf5-kitemmodels-devel", "kf5-kio-devel", "kf5-kconfigwidgets-devel", "kf5-solid-devel", "kf5-kwindowsystem-devel",
                "kf5-knotifications-devel", "kf5-kiconthemes-devel", "kf5-kparts-devel", "kf5-karchive-devel", "kf5-syntax-highlighting-devel",
                "kddockwidgets-devel", "qcustomplot-qt5-devel"),
            Provision.Of("libkf5threadweaver-dev", "libkf5i18n-dev", "libkf5coreaddons-dev", "libkf5itemviews-dev",
                "libkf5itemmodels-dev", "libkf5kio-dev", "libkf5configwidgets-dev", "libkf5solid-dev", "libkf5windowsystem-dev",
                "libkf5notifications-dev", "libkf5iconthemes-dev", "libkf5parts-dev", "libkf5archive-dev", "libkf5syntaxhighlighting-dev")),
        new("qt6", Provision.Of("qt6-qtbase-devel", "qt6-qtbase-private-devel", "qt6-qtsvg-devel", "kf6-rpm-macros"),
            Provision.Unavailable("Debian 12 has no KDE Frameworks 6, so its builder builds hotspot with Qt5")),
        new("kf6", Provision.Of("kf6-threadweaver-devel", "kf6-ki18n-devel", "kf6-kcoreaddons-devel", "kf6-kitemviews-devel",
                "kf6-kitemmodels-devel", "kf6-kio-devel", "kf6-kconfigwidgets-devel", "kf6-solid-devel", "kf6-kwindowsystem-devel",
                "kf6-knotifications-devel", "kf6-kiconthemes-devel", "kf6-kparts-devel", "kf6-karchive-devel", "kf6-syntax-highlighting-devel",
                "kddockwidgets-qt6-devel", "qcustomplot-qt6-devel"),
            Provision.Unavailable("Debian 12 has no KDE Frameworks 6, so its builder builds hotspot with Qt5")),
    ];

    public static ImmutableArray<string> Common { get; } =
        ["git", "rpmbuild", "rpmlint", "rpmdevtools", "createrepo", "ccache", "archive", "ca-certificates", "base-utils", "systemd-macros", "signing"];

    public static ImmutableArray<Toolset> Toolsets { get; } =
    [
        new("grafana", ["go", "node", "npm", "c"], [PackageFamily.Dnf, PackageFamily.Apt], []),
        new("grafana-fpm", ["go", "node", "npm", "c", "fpm"], [PackageFamily.Dnf], ["fpm"]),
        new("hotspot-qt5", ["cmake", "c++", "elfutils", "gettext", "qt5", "kf5"], [PackageFamily.Dnf, PackageFamily.Apt], []),
        new("hotspot-qt6", ["cmake", "c++", "elfutils", "gettext", "qt6", "kf6"], [PackageFamily.Dnf], []),
    ];

    public static Tool Named(string name) => Tools.Single(t => t.Name == name);

    public static Toolset Toolset(string name) => Toolsets.Single(t => t.Name == name);

    /// <summary>Every package a builder of this toolset installs in this family: the common tools, then the toolset's, each once.</summary>
    public static ImmutableArray<string> Packages(Toolset toolset, PackageFamily family)
    {
        if (!toolset.Families.Contains(family))
            throw new InvalidOperationException($"The {toolset.Name} builder does not exist for the {family} family.");
        return [.. Common.Concat(toolset.Tools)
            .Select(name => Named(name).In(family))
            .Where(p => p.IsAvailable)
            .SelectMany(p => p.Packages)
            .Distinct()];
    }
}
