using System.Collections.Immutable;
using BuildKit.Containers;

namespace BuildKit.Recipes;

/// <summary>
/// KDAB hotspot: CMake with ECM's KDEInstallDirs, Qt5/KF5 up to 1.4 and Qt6/KF6 from the release whose CMakeLists offers
/// QT6_BUILD, perfparser as a git submodule. Installs with DESTDIR, as upstream's own packaging does.
/// </summary>
public sealed class HotspotRecipe : IRecipe
{
    public string Name => "hotspot";

    public Toolset Toolset(PackageFamily family, string tree, Packaging.Packager packager) =>
        Toolchains.Toolset(UsesQt6(family, tree) ? "hotspot-qt6" : "hotspot-qt5");

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

    public void CheckToolchains(string tree, IReadOnlyDictionary<string, string> toolchains)
    {
        var cmake = Path.Combine(tree, "CMakeLists.txt");
        var floor = File.Exists(cmake) ? System.Text.RegularExpressions.Regex.Match(File.ReadAllText(cmake), @"cmake_minimum_required\s*\(\s*VERSION\s+([0-9.]+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase) : null;
        if (floor is { Success: true } && toolchains.TryGetValue("cmake", out var have) && ToolchainVersion.IsOlder(have, floor.Groups[1].Value))
            throw ToolchainVersion.TooOld("hotspot", "cmake", have, floor.Groups[1].Value, "cmake_minimum_required in CMakeLists.txt");
    }

    public InstalledChecks Checks { get; } = new("QT_QPA_PLATFORM=offscreen hotspot --version", null, null, ImmutableDictionary<string, string>.Empty);

    public ImmutableArray<string> RpmbuildOptions(PackageFamily family, string tree) =>
        UsesQt6(family, tree) ? ["--with", "qt6"] : [];

    /// <summary>Qt6 where the tree offers QT6_BUILD and the family has KDE Frameworks 6; Debian 12 has not.</summary>
    private static bool UsesQt6(PackageFamily family, string tree)
    {
        var cmake = Path.Combine(tree, "CMakeLists.txt");
        return family == PackageFamily.Dnf && File.Exists(cmake) && File.ReadAllText(cmake).Contains("QT6_BUILD", StringComparison.Ordinal);
    }
}
