using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Containers;

namespace BuildKit.Products;

/// <summary>
/// KDAB hotspot: CMake with ECM's KDEInstallDirs, Qt5/KF5 up to 1.4 and Qt6/KF6 from the release whose CMakeLists offers
/// QT6_BUILD, perfparser as a git submodule. Installs with DESTDIR, as upstream's own packaging does.
/// </summary>
public sealed partial class HotspotRecipe : IRecipe
{
    public string Name => "hotspot";

    private static readonly Tool Ecm = new("extra-cmake-modules", Provision.Of("extra-cmake-modules"), Provision.Of("extra-cmake-modules"));
    private static readonly Tool Elfutils = new("elfutils", Provision.Of("elfutils-devel", "libzstd-devel"), Provision.Of("libelf-dev", "libdw-dev", "libzstd-dev"));
    private static readonly Tool Gettext = new("gettext", Provision.Of("gettext"), Provision.Of("gettext"));

    private static readonly Tool Qt5 = new("qt5", Provision.Of("qt5-qtbase-devel", "qt5-qtsvg-devel", "qt5-qtx11extras-devel", "kf5-rpm-macros"),
        Provision.Of("qtbase5-dev", "libqt5svg5-dev", "libqt5x11extras5-dev"));

    private static readonly Tool Kf5 = new("kf5",
        Provision.Of("kf5-threadweaver-devel", "kf5-ki18n-devel", "kf5-kcoreaddons-devel", "kf5-kitemviews-devel",
            "kf5-kitemmodels-devel", "kf5-kio-devel", "kf5-kconfigwidgets-devel", "kf5-solid-devel", "kf5-kwindowsystem-devel",
            "kf5-knotifications-devel", "kf5-kiconthemes-devel", "kf5-kparts-devel", "kf5-karchive-devel", "kf5-syntax-highlighting-devel",
            "kddockwidgets-devel", "qcustomplot-qt5-devel"),
        Provision.Of("libkf5threadweaver-dev", "libkf5i18n-dev", "libkf5coreaddons-dev", "libkf5itemviews-dev",
            "libkf5itemmodels-dev", "libkf5kio-dev", "libkf5configwidgets-dev", "libkf5solid-dev", "libkf5windowsystem-dev",
            "libkf5notifications-dev", "libkf5iconthemes-dev", "libkf5parts-dev", "libkf5archive-dev", "libkf5syntaxhighlighting-dev"));

    private static readonly Tool Qt6 = new("qt6", Provision.Of("qt6-qtbase-devel", "qt6-qtbase-private-devel", "qt6-qtsvg-devel", "kf6-rpm-macros"),
        Provision.Unavailable("Debian 12 has no KDE Frameworks 6, so its builder builds hotspot with Qt5"));

    private static readonly Tool Kf6 = new("kf6",
        Provision.Of("kf6-threadweaver-devel", "kf6-ki18n-devel", "kf6-kcoreaddons-devel", "kf6-kitemviews-devel",
            "kf6-kitemmodels-devel", "kf6-kio-devel", "kf6-kconfigwidgets-devel", "kf6-solid-devel", "kf6-kwindowsystem-devel",
            "kf6-knotifications-devel", "kf6-kiconthemes-devel", "kf6-kparts-devel", "kf6-karchive-devel", "kf6-syntax-highlighting-devel",
            "kddockwidgets-qt6-devel", "qcustomplot-qt6-devel"),
        Provision.Unavailable("Debian 12 has no KDE Frameworks 6, so its builder builds hotspot with Qt5"));

    public Toolset Toolset(PackageFamily family, string tree, Packager packager) => UsesQt6(family, tree)
        ? new("hotspot-qt6", Toolchains.CMake, Ecm, Toolchains.Cxx, Elfutils, Gettext, Qt6, Kf6)
        : new("hotspot-qt5", Toolchains.CMake, Ecm, Toolchains.Cxx, Elfutils, Gettext, Qt5, Kf5);

    public ImmutableArray<Packager> Packagers { get; } = [Packager.Rpmbuild];

    public ImmutableArray<CacheVolume> Caches { get; } = [CacheVolume.Ccache];

    public ImmutableArray<string> PassThrough { get; } = [];

    public string? StatedVersion(string tree) => UpstreamFiles.CMakeProjectVersion(tree);

    public string? VersionFile => "CMakeLists.txt";

    public void Validate(string tree)
    {
        var perfparser = Path.Combine(tree, "3rdparty", "perfparser");
        if (!Directory.Exists(perfparser) || !Directory.EnumerateFileSystemEntries(perfparser).Any(e => Path.GetFileName(e) != ".git"))
            throw new RecipeException(
                $"{perfparser} is empty: hotspot needs its perfparser submodule. The repository's .gitmodules must name 3rdparty/perfparser, " +
                "and a fork must push the submodule commit it records; BuildKit checks out submodules itself.");
    }

    public ImmutableArray<RecipeStep> Steps(RecipeContext context) =>
    [
        new("build", $"""
            cmake -S {BuilderPaths.Source} -B {BuilderPaths.Build} -G Ninja \
              -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DKDE_INSTALL_LIBEXECDIR=libexec -DBUILD_TESTING=OFF \
              -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache{(UsesQt6(context.Family, context.Tree) ? " -DQT6_BUILD=ON" : "")}
            cmake --build {BuilderPaths.Build} --parallel {context.Jobs}
            DESTDIR={BuilderPaths.Stage} cmake --install {BuilderPaths.Build}
            ccache --show-stats 2>/dev/null | grep -iE 'hits|misses' || true
            """),
    ];

    public string ToolchainQuery => """
        echo "cmake=$(cmake --version | head -n 1 | awk '{print $3}')"
        echo "gcc=$(gcc -dumpfullversion)"
        echo "ninja=$(ninja --version)"
        echo "qt=$( (qmake6 -query QT_VERSION || qmake-qt5 -query QT_VERSION || qmake -query QT_VERSION) 2>/dev/null | head -n 1)"
        """;

    public string PinnedToolchains(string tree) => "";

    public void CheckToolchains(string tree, IReadOnlyDictionary<string, string> toolchains) =>
        ToolchainVersion.Require("hotspot", "cmake", toolchains, "cmake", UpstreamFiles.CMakeMinimum(tree), "cmake_minimum_required in CMakeLists.txt");

    public InstalledChecks Checks { get; } = InstalledChecks.Smoke("QT_QPA_PLATFORM=offscreen hotspot --version");

    public ImmutableArray<string> RpmbuildOptions(PackageFamily family, string tree) =>
        UsesQt6(family, tree) ? ["--with", "qt6"] : [];

    private static readonly Tool KdDockWidgets = new("kddockwidgets", Provision.Of("kddockwidgets-devel"),
        Provision.Unavailable("Debian packages no KDDockWidgets, so BuildKit builds it from source and links it statically"));

    /// <summary>
    /// KDDockWidgets where the tree asks for it (hotspot 1.4 on) and the distribution has no package of it. 1.7.0 is the
    /// last release of the 1.x API every hotspot release compiles against (later trees also accept 2.x), with Qt6 where
    /// the tree is built with Qt6.
    /// </summary>
    public ImmutableArray<BundledDependency> Bundled(Distribution distribution, string tree) =>
        NeedsKdDockWidgets(tree) && !KdDockWidgets.In(distribution.Family).IsAvailable
            ? [new("kddockwidgets", "https://github.com/KDAB/KDDockWidgets.git", "v1.7.0", $"""
                cmake -S . -B /tmp/kddockwidgets-build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX={BuilderPaths.BundledPrefix("kddockwidgets")} \
                  -DKDDockWidgets_STATIC=ON -DKDDockWidgets_EXAMPLES=OFF -DKDDockWidgets_TESTS=OFF -DKDDockWidgets_QT6={(UsesQt6(distribution.Family, tree) ? "ON" : "OFF")} \
                  -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
                cmake --build /tmp/kddockwidgets-build --parallel "$(nproc)"
                cmake --install /tmp/kddockwidgets-build
                """)]
            : [];

    private static bool NeedsKdDockWidgets(string tree)
    {
        var cmake = Path.Combine(tree, "CMakeLists.txt");
        return File.Exists(cmake) && FindsKdDockWidgets().IsMatch(File.ReadAllText(cmake));
    }

    [GeneratedRegex(@"find_package\s*\(\s*KDDockWidgets")]
    private static partial Regex FindsKdDockWidgets();

    /// <summary>Qt6 where the tree offers QT6_BUILD and the family has KDE Frameworks 6; Debian 12 has not.</summary>
    private static bool UsesQt6(PackageFamily family, string tree)
    {
        var cmake = Path.Combine(tree, "CMakeLists.txt");
        return family == PackageFamily.Dnf && File.Exists(cmake) && File.ReadAllText(cmake).Contains("QT6_BUILD", StringComparison.Ordinal);
    }
}
