using BuildKit.Products;

namespace BuildKit.IntegrationTests.Products;

/// <summary>
/// The hotspot fixture (tests/fixtures/hotspot) as an upstream with perfparser as its git submodule: Qt5 only as 1.3 and
/// 1.4, or asking for Qt as 1.5 and 1.6 (the QT6_BUILD option) or master (Qt6 alone) do.
/// </summary>
internal static class HotspotFixture
{
    private const string LinksQt = "target_link_libraries(hotspot Qt${QT_MAJOR_VERSION}::Core";

    private const string Qt5Only = "set(QT_MAJOR_VERSION 5)\nfind_package(Qt5 5.10 COMPONENTS Core REQUIRED)\n";

    private static readonly Dictionary<QtRequirement, string> QtLines = new()
    {
        [QtRequirement.Qt5Only] = Qt5Only,
        [QtRequirement.Qt6Option] = """
            option(QT6_BUILD "configure build to use Qt6/KF6" OFF)
            if(QT6_BUILD)
                set(QT_MAJOR_VERSION 6)
                set(QT_MIN_VERSION 6.4)
            else()
                set(QT_MAJOR_VERSION 5)
                set(QT_MIN_VERSION 5.10)
            endif()
            find_package(Qt${QT_MAJOR_VERSION} ${QT_MIN_VERSION} COMPONENTS Core REQUIRED)

            """,
        [QtRequirement.Qt6Only] = """
            set(QT_MAJOR_VERSION 6)
            set(QT_MIN_VERSION 6.4)
            find_package(Qt${QT_MAJOR_VERSION} ${QT_MIN_VERSION} COMPONENTS Core REQUIRED)

            """,
    };

    /// <param name="kdDockWidgets">Make the tree ask for KDDockWidgets as hotspot 1.4 does: found through its CMake package, required, linked.</param>
    /// <param name="models">How many cost models the tree compiles: the fixture's 16 make a build that costs what hotspot's does, and
    /// the builds of a test run share them through ccache; a tree that compiles them alone (another builder, other flags) needs fewer.</param>
    public static async Task<GitUpstream> CreateAsync(
        TempDir temp, string version = "0.9.0", QtRequirement qt = QtRequirement.Qt5Only, bool kdDockWidgets = false, int models = 16)
    {
        var perfparser = await GitUpstream.CreateAsync(temp, "perfparser");
        await perfparser.CommitFixtureAsync("perfparser", "perfparser");
        await perfparser.PushAsync();

        var hotspot = await GitUpstream.CreateAsync(temp, "hotspot");
        await hotspot.AddSubmoduleAsync(perfparser.Url, "3rdparty/perfparser");
        await hotspot.CommitFixtureAsync("hotspot", $"hotspot {version}", (path, text) => path switch
        {
            "CMakeLists.txt" => text.Replace("VERSION 0.9.0", $"VERSION {version}").AskForQt(qt)
                .Replace("add_subdirectory(3rdparty)", (kdDockWidgets ? RequiresKdDockWidgets : "") + "add_subdirectory(3rdparty)"),
            "src/CMakeLists.txt" => text.Replace("foreach(MODEL RANGE 1 16)", $"foreach(MODEL RANGE 1 {models})")
                .Replace(LinksQt + ")", LinksQt + (kdDockWidgets ? " KDAB::kddockwidgets)" : ")")),
            "src/main.cpp" when kdDockWidgets => text.Replace("#include <cstdio>", "#include <cstdio>\n#include <kddockwidgets/Config.h>")
                .Replace("    parser.process(app);", "    parser.process(app);\n    KDDockWidgets::Config::self();"),
            _ => text,
        });
        await hotspot.TagAsync($"v{version}");
        await hotspot.PushAsync();
        return hotspot;
    }

    /// <summary>hotspot 1.4's way of asking for KDDockWidgets: an optional-looking find_package made required by the feature summary.</summary>
    private const string RequiresKdDockWidgets = """
        include(FeatureSummary)
        find_package(KDDockWidgets CONFIG)
        set_package_properties(KDDockWidgets PROPERTIES TYPE REQUIRED)
        feature_summary(WHAT ALL FATAL_ON_MISSING_REQUIRED_PACKAGES)


        """;

    /// <summary>The KDDockWidgets fixture (tests/fixtures/kddockwidgets) as its upstream, tagged as the release the hotspot recipe pins.</summary>
    public static async Task<GitUpstream> CreateKdDockWidgetsAsync(TempDir temp)
    {
        var upstream = await GitUpstream.CreateAsync(temp, "kddockwidgets");
        await upstream.CommitFixtureAsync("kddockwidgets", "KDDockWidgets 1.7.0");
        await upstream.TagAsync("v1.7.0");
        await upstream.PushAsync();
        return upstream;
    }

    private static string AskForQt(this string cmakeLists, QtRequirement qt) => cmakeLists.Contains(Qt5Only, StringComparison.Ordinal)
        ? cmakeLists.Replace(Qt5Only, QtLines[qt])
        : throw new InvalidOperationException("tests/fixtures/hotspot/CMakeLists.txt no longer has the Qt5 lines HotspotFixture rewrites.");

    public static string ProductsYaml(string repo, string reference) => $"""
        products:
          hotspot:
            repo: {repo}
            ref: {reference}
            recipe: hotspot
            spec: {Path.Combine(Repository.Root, "specs", "hotspot.spec")}
        """;
}
