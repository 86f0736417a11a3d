namespace BuildKit.IntegrationTests.Products;

/// <summary>The hotspot fixture (tests/fixtures/hotspot) as an upstream with perfparser as its git submodule.</summary>
internal static class HotspotFixture
{
    /// <param name="kdDockWidgets">Make the tree ask for KDDockWidgets as hotspot 1.4 does: found through its CMake package, required, linked.</param>
    public static async Task<GitUpstream> CreateAsync(TempDir temp, string version = "0.9.0", bool kdDockWidgets = false)
    {
        var perfparser = await GitUpstream.CreateAsync(temp, "perfparser");
        await perfparser.CommitFixtureAsync("perfparser", "perfparser");
        await perfparser.PushAsync();

        var hotspot = await GitUpstream.CreateAsync(temp, "hotspot");
        await hotspot.AddSubmoduleAsync(perfparser.Url, "3rdparty/perfparser");
        await hotspot.CommitFixtureAsync("hotspot", $"hotspot {version}", (path, text) => path switch
        {
            "CMakeLists.txt" => text.Replace("VERSION 0.9.0", $"VERSION {version}")
                .Replace("add_subdirectory(3rdparty)", (kdDockWidgets ? RequiresKdDockWidgets : "") + "add_subdirectory(3rdparty)"),
            "src/CMakeLists.txt" when kdDockWidgets => text.Replace("target_link_libraries(hotspot Qt5::Core)", "target_link_libraries(hotspot Qt5::Core KDAB::kddockwidgets)"),
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

    public static string ProductsYaml(string repo, string reference) => $"""
        products:
          hotspot:
            repo: {repo}
            ref: {reference}
            recipe: hotspot
            spec: {Path.Combine(Repository.Root, "specs", "hotspot.spec")}
        """;
}
