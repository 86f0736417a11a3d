using BuildKit.Containers;

namespace BuildKit.Recipes;

/// <summary>Which builder toolset a product's tree needs in a family: decided from the tree, after Fetch.</summary>
public static class RecipeToolsets
{
    public static Toolset For(string recipe, PackageFamily family, string tree) => recipe switch
    {
        "grafana" => Toolchains.Toolset("grafana"),
        "hotspot" => Toolchains.Toolset(family == PackageFamily.Dnf && SupportsQt6(tree) ? "hotspot-qt6" : "hotspot-qt5"),
        _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe, "no toolset for this recipe"),
    };

    /// <summary>hotspot builds with Qt6 from the release whose CMakeLists offers QT6_BUILD; older trees are Qt5 only.</summary>
    public static bool SupportsQt6(string tree)
    {
        var cmake = Path.Combine(tree, "CMakeLists.txt");
        return File.Exists(cmake) && File.ReadAllText(cmake).Contains("QT6_BUILD", StringComparison.Ordinal);
    }
}
