using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Containers;

namespace BuildKit.Products;

/// <summary>The Qt a hotspot tree's CMakeLists.txt asks for.</summary>
public enum QtRequirement
{
    /// <summary>find_package(Qt5 ...) and nothing else: 1.4 and older.</summary>
    Qt5Only,

    /// <summary>option(QT6_BUILD ...): Qt5 by default, Qt6 with -DQT6_BUILD=ON (1.5, 1.6).</summary>
    Qt6Option,

    /// <summary>set(QT_MAJOR_VERSION 6) without the option: Qt6 is all it builds with (master after 1.6).</summary>
    Qt6Only,
}

/// <summary>
/// KDAB hotspot: CMake with ECM's KDEInstallDirs, Qt5/KF5 up to 1.4, Qt5 or Qt6 by the QT6_BUILD option in 1.5 and 1.6,
/// Qt6/KF6 only after that; perfparser as a git submodule. Installs with DESTDIR, as upstream's own packaging does.
/// </summary>
public sealed partial class HotspotRecipe : IRecipe
{
    public string Name => "hotspot";

    private const string NoKf6 = "Debian 12 has no KDE Frameworks 6";
    private const string El9NoKf6 = "EL 9 has no KDE Frameworks 6: EPEL 9 packages KF5 only";
    private const string El10NoKf5 = "EL 10 has no Qt5 KDE Frameworks: Red Hat dropped Qt5 and EPEL 10 packages KF6 only";

    private static readonly Tool Ecm = new("extra-cmake-modules", Provision.Of("extra-cmake-modules"), Provision.Of("extra-cmake-modules"));
    private static readonly Tool Elfutils = new("elfutils", Provision.Of("elfutils-devel", "elfutils-debuginfod-client-devel"), Provision.Of("libelf-dev", "libdw-dev", "libdebuginfod-dev"));
    private static readonly Tool Zstd = new("zstd", Provision.Of("libzstd-devel"), Provision.Of("libzstd-dev"));
    private static readonly Tool Gettext = new("gettext", Provision.Of("gettext"), Provision.Of("gettext"));

    // What the CMakeLists of 1.3 to master find: Qt Core, Widgets, Network, Test and Svg (X11Extras up to 1.4); the KF
    // components ThreadWeaver, I18n, ConfigWidgets, CoreAddons, ItemViews, ItemModels, KIO, Solid, WindowSystem,
    // Notifications, IconThemes, Parts; optionally KFArchive, KFSyntaxHighlighting, KDDockWidgets, QCustomPlot and
    // KGraphViewerPart. Private Qt headers are what KDDockWidgets builds against. LibRustcDemangle is only looked for:
    // neither Fedora nor Debian packages its C library, and hotspot loads it at run time when it is there.
    private static readonly Tool Qt5 = new Tool("qt5",
        Provision.Of("qt5-qtbase-devel", "qt5-qtbase-private-devel", "qt5-qtsvg-devel", "qt5-qtx11extras-devel", "kf5-rpm-macros"),
        Provision.Of("qtbase5-dev", "qtbase5-private-dev", "libqt5svg5-dev", "libqt5x11extras5-dev"))
        .On("el10", Provision.Unavailable(El10NoKf5));

    // Debian's libqcustomplot-dev names its Qt5 library libQCustomPlot, which the Qt5 trees' find module does not look
    // for; Fedora's KGraphViewerPart is built with KF6 now, so a Qt5 build must not find it.
    private static readonly Tool Kf5 = new Tool("kf5",
        Provision.Of("kf5-threadweaver-devel", "kf5-ki18n-devel", "kf5-kcoreaddons-devel", "kf5-kitemviews-devel",
            "kf5-kitemmodels-devel", "kf5-kio-devel", "kf5-kconfigwidgets-devel", "kf5-solid-devel", "kf5-kwindowsystem-devel",
            "kf5-knotifications-devel", "kf5-kiconthemes-devel", "kf5-kparts-devel", "kf5-karchive-devel", "kf5-syntax-highlighting-devel",
            "qcustomplot-qt5-devel"),
        Provision.Of("libkf5threadweaver-dev", "libkf5i18n-dev", "libkf5coreaddons-dev", "libkf5itemviews-dev",
            "libkf5itemmodels-dev", "libkf5kio-dev", "libkf5configwidgets-dev", "libkf5solid-dev", "libkf5windowsystem-dev",
            "libkf5notifications-dev", "libkf5iconthemes-dev", "libkf5parts-dev", "libkf5archive-dev", "libkf5syntaxhighlighting-dev"))
        // EPEL 9 has these KF5 packages and no QCustomPlot (optional to hotspot).
        .On("el9", Provision.Of("kf5-threadweaver-devel", "kf5-ki18n-devel", "kf5-kcoreaddons-devel", "kf5-kitemviews-devel",
            "kf5-kitemmodels-devel", "kf5-kio-devel", "kf5-kconfigwidgets-devel", "kf5-solid-devel", "kf5-kwindowsystem-devel",
            "kf5-knotifications-devel", "kf5-kiconthemes-devel", "kf5-kparts-devel", "kf5-karchive-devel", "kf5-syntax-highlighting-devel"))
        .On("el10", Provision.Unavailable(El10NoKf5));

    private static readonly Tool Qt6 = new Tool("qt6",
        Provision.Of("qt6-qtbase-devel", "qt6-qtbase-private-devel", "qt6-qtsvg-devel", "kf6-rpm-macros"),
        Provision.Of("qt6-base-dev", "qt6-base-private-dev", "qt6-svg-dev"))
        .On("debian-12", Provision.Unavailable(NoKf6))
        .On("el9", Provision.Unavailable(El9NoKf6));

    // Debian packages no KGraphViewer.
    private static readonly Tool Kf6 = new Tool("kf6",
        Provision.Of("kf6-threadweaver-devel", "kf6-ki18n-devel", "kf6-kcoreaddons-devel", "kf6-kitemviews-devel",
            "kf6-kitemmodels-devel", "kf6-kio-devel", "kf6-kconfigwidgets-devel", "kf6-solid-devel", "kf6-kwindowsystem-devel",
            "kf6-knotifications-devel", "kf6-kiconthemes-devel", "kf6-kparts-devel", "kf6-karchive-devel", "kf6-syntax-highlighting-devel",
            "qcustomplot-qt6-devel", "kgraphviewer-devel"),
        Provision.Of("libkf6threadweaver-dev", "libkf6i18n-dev", "libkf6coreaddons-dev", "libkf6itemviews-dev",
            "libkf6itemmodels-dev", "libkf6kio-dev", "libkf6configwidgets-dev", "libkf6solid-dev", "libkf6windowsystem-dev",
            "libkf6notifications-dev", "libkf6iconthemes-dev", "libkf6parts-dev", "libkf6archive-dev", "libkf6syntaxhighlighting-dev",
            "libqcustomplot-dev"))
        .On("debian-12", Provision.Unavailable(NoKf6))
        .On("el9", Provision.Unavailable(El9NoKf6))
        // EPEL 10 has these KF6 packages and KGraphViewer, and no QCustomPlot.
        .On("el10", Provision.Of("kf6-threadweaver-devel", "kf6-ki18n-devel", "kf6-kcoreaddons-devel", "kf6-kitemviews-devel",
            "kf6-kitemmodels-devel", "kf6-kio-devel", "kf6-kconfigwidgets-devel", "kf6-solid-devel", "kf6-kwindowsystem-devel",
            "kf6-knotifications-devel", "kf6-kiconthemes-devel", "kf6-kparts-devel", "kf6-karchive-devel", "kf6-syntax-highlighting-devel",
            "kgraphviewer-devel"));

    private const string NoKdDockWidgets = "Debian packages no KDDockWidgets, so BuildKit builds it from source and links it statically";
    private const string ElNoKdDockWidgets = "EPEL has no KDDockWidgets for Qt5, nor one every EL 10 minor has for Qt6, so BuildKit builds it from source and links it statically";
    private static readonly Tool KdDockWidgetsQt5 = new Tool("kddockwidgets", Provision.Of("kddockwidgets-devel"), Provision.Unavailable(NoKdDockWidgets))
        .OnEnterpriseLinux(Provision.Unavailable(ElNoKdDockWidgets));
    private static readonly Tool KdDockWidgetsQt6 = new Tool("kddockwidgets-qt6", Provision.Of("kddockwidgets-qt6-devel"), Provision.Unavailable(NoKdDockWidgets))
        .OnEnterpriseLinux(Provision.Unavailable(ElNoKdDockWidgets));

    public Toolset Toolset(Distribution distribution, string tree, Packager packager) => ToolsetOf(QtMajor(distribution, tree), distribution);

    /// <summary>The Qt5 and the Qt6 builder: which one a tree gets is known once it is fetched.</summary>
    public ImmutableArray<Toolset> Toolsets(Distribution distribution, Packager packager) => [ToolsetOf(5, distribution), ToolsetOf(6, distribution)];

    private static Toolset ToolsetOf(int qtMajor, Distribution distribution)
    {
        Tool[] qt = qtMajor == 6 ? [Qt6, Kf6] : [Qt5, Kf5];
        var kdDockWidgets = KdDockWidgets(qtMajor);
        // Where the distribution has no package of KDDockWidgets, Bundled builds it instead.
        return new($"hotspot-qt{qtMajor}",
            [Toolchains.CMake, Ecm, Toolchains.Cxx, Elfutils, Zstd, Gettext, .. qt, .. kdDockWidgets.In(distribution).IsAvailable ? [kdDockWidgets] : Array.Empty<Tool>()], []);
    }

    private static Tool KdDockWidgets(int qtMajor) => qtMajor == 6 ? KdDockWidgetsQt6 : KdDockWidgetsQt5;

    /// <summary>
    /// The Qt major version this tree is built with on this distribution: what its CMakeLists.txt asks for, Qt6 where it
    /// lets the build choose and the distribution has KDE Frameworks 6. Refuses a tree whose Qt the distribution lacks.
    /// </summary>
    public static int QtMajor(Distribution distribution, string tree)
    {
        var requirement = QtRequirementOf(tree);
        var (noQt5, noQt6) = (Lacks(distribution, Qt5, Kf5), Lacks(distribution, Qt6, Kf6));
        var major = requirement switch
        {
            QtRequirement.Qt5Only => 5,
            QtRequirement.Qt6Only => 6,
            _ => noQt6 is null ? 6 : 5,
        };
        if ((major == 6 ? noQt6 : noQt5) is not { } lacking) return major;
        string Having(Tool qt, Tool kf) => string.Join(", ", Distribution.All.Where(d => Lacks(d, qt, kf) is null).Select(d => d.Name));
        throw new RecipeException(requirement switch
        {
            QtRequirement.Qt6Only =>
                $"This hotspot tree builds with Qt6 only (its CMakeLists.txt sets QT_MAJOR_VERSION 6 and offers no QT6_BUILD option), " +
                $"and {distribution.Name} cannot give it Qt6 and KDE Frameworks 6 ({lacking}). Build it for one that has them " +
                $"(--{Options.Distribution}=NAME: {Having(Qt6, Kf6)}), or pick a hotspot ref up to 1.6, which still builds with Qt5.",
            QtRequirement.Qt5Only =>
                $"This hotspot tree builds with Qt5 only (its CMakeLists.txt finds Qt5 and offers no QT6_BUILD option), " +
                $"and {distribution.Name} cannot give it Qt5 and KDE Frameworks 5 ({lacking}). Build it for one that has them " +
                $"(--{Options.Distribution}=NAME: {Having(Qt5, Kf5)}), or pick a hotspot ref from 1.5 on, which builds with Qt6.",
            _ => $"{distribution.Name} can give this hotspot tree neither Qt6 with KDE Frameworks 6 ({noQt6}) nor Qt5 with KDE Frameworks 5 ({lacking}). " +
                 $"Build it for another distribution (--{Options.Distribution}=NAME).",
        });
    }

    /// <summary>Why this distribution cannot build with this Qt and its KDE Frameworks, or null when it can.</summary>
    private static string? Lacks(Distribution distribution, Tool qt, Tool frameworks) =>
        new[] { qt, frameworks }.Select(tool => tool.In(distribution)).FirstOrDefault(p => !p.IsAvailable)?.UnavailableBecause;

    /// <summary>
    /// What the tree's top CMakeLists.txt asks for; a tree without one (the planner's look before any fetch) is taken as
    /// one that lets the build choose, so that the plan refuses no distribution before the tree is known.
    /// </summary>
    public static QtRequirement QtRequirementOf(string tree)
    {
        var cmake = Path.Combine(tree, "CMakeLists.txt");
        if (!File.Exists(cmake)) return QtRequirement.Qt6Option;
        var text = File.ReadAllText(cmake);
        return Qt6BuildOption().IsMatch(text) ? QtRequirement.Qt6Option
            : SetsQt6().IsMatch(text) ? QtRequirement.Qt6Only
            : QtRequirement.Qt5Only;
    }

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
        new("build", $$"""
            cmake -S {{BuilderPaths.Source}} -B {{BuilderPaths.Build}} -G Ninja \
              -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DKDE_INSTALL_LIBEXECDIR=libexec -DBUILD_TESTING=OFF \
              -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache{{(ChoosesQt6(context.Distribution, context.Tree) ? " -DQT6_BUILD=ON" : "")}}
            # Only what the install copies: hotspot 1.3 adds its tests and test clients whatever BUILD_TESTING says, and
            # never installs them. The install scripts name each file they copy from the build folder; ninja says which
            # it makes.
            made="$(ninja -C {{BuilderPaths.Build}} -t targets all | sed 's/: [^ ]*$//' | sort -u)"
            installed="$({ grep -rhoE '"{{BuilderPaths.Build}}/[^"]+"' --include=cmake_install.cmake {{BuilderPaths.Build}} || true; } | tr -d '"' \
              | sed 's|^{{BuilderPaths.Build}}/||' | sort -u | comm -12 - <(echo "$made"))"
            cmake --build {{BuilderPaths.Build}} --parallel {{context.Jobs}} --target ${installed:-all}
            DESTDIR={{BuilderPaths.Stage}} cmake --install {{BuilderPaths.Build}}
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

    public ImmutableArray<string> RpmbuildOptions(Distribution distribution, string tree) =>
        QtMajor(distribution, tree) == 6 ? ["--with", "qt6"] : [];

    /// <summary>
    /// KDDockWidgets where the tree asks for it (hotspot 1.4 on) and the distribution has no package of it. 1.7.0 is the
    /// last release of the 1.x API every hotspot release compiles against (later trees also accept 2.x), with Qt6 where
    /// the tree is built with Qt6.
    /// </summary>
    public ImmutableArray<BundledDependency> Bundled(Distribution distribution, string tree) =>
        NeedsKdDockWidgets(tree) && !KdDockWidgets(QtMajor(distribution, tree)).In(distribution).IsAvailable
            ? [new("kddockwidgets", "https://github.com/KDAB/KDDockWidgets.git", "v1.7.0", $"""
                cmake -S . -B /tmp/kddockwidgets-build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX={BuilderPaths.BundledPrefix("kddockwidgets")} \
                  -DKDDockWidgets_STATIC=ON -DKDDockWidgets_EXAMPLES=OFF -DKDDockWidgets_TESTS=OFF -DKDDockWidgets_QT6={(QtMajor(distribution, tree) == 6 ? "ON" : "OFF")} \
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

    /// <summary>Only a tree with the QT6_BUILD option is told which Qt to use; the others know it themselves.</summary>
    private static bool ChoosesQt6(Distribution distribution, string tree) =>
        QtRequirementOf(tree) == QtRequirement.Qt6Option && QtMajor(distribution, tree) == 6;

    [GeneratedRegex(@"(?mi)^\s*option\s*\(\s*QT6_BUILD\b")]
    private static partial Regex Qt6BuildOption();

    [GeneratedRegex(@"(?mi)^\s*(set\s*\(\s*QT_MAJOR_VERSION\s+6\s*\)|find_package\s*\(\s*Qt6\b)")]
    private static partial Regex SetsQt6();
}
