using BuildKit.Configuration;
using BuildKit.Products;

namespace BuildKit.Tests.Products;

public sealed class BundledDependencySpecs : IDisposable
{
    private const string AsksForKdDockWidgets = "project(hotspot VERSION 1.4.1)\nfind_package(KDDockWidgets CONFIG)\nset_package_properties(KDDockWidgets PROPERTIES TYPE REQUIRED)\n";
    private readonly TempDir _temp = TempDir.Create();
    private readonly HotspotRecipe _recipe = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_hotspot_tree_that_asks_for_KDDockWidgets_bundles_the_pinned_release_on_Debian()
    {
        // Arrange
        _temp.File("CMakeLists.txt", AsksForKdDockWidgets);

        // Act
        var bundled = _recipe.Bundled(Distribution.Named("debian-12", "test"), _temp.Path);

        // Assert
        var dependency = bundled.Should().ContainSingle().Subject;
        dependency.Should().Match<BundledDependency>(d => d.Name == "kddockwidgets" && d.Repo == "https://github.com/KDAB/KDDockWidgets.git" && d.Ref == "v1.7.0");
        dependency.Version.Should().Be("1.7.0");
        dependency.Script.Should().Contain("-DKDDockWidgets_STATIC=ON").And.Contain($"-DCMAKE_INSTALL_PREFIX={BuilderPaths.BundledPrefix("kddockwidgets")}")
            .And.Contain("-DKDDockWidgets_EXAMPLES=OFF").And.Contain("cmake --install");
        dependency.Step.Reuse!.Outputs.Should().Equal("kddockwidgets");
    }

    [Fact]
    public void Fedora_packages_KDDockWidgets_so_nothing_is_bundled_there()
    {
        // Arrange
        _temp.File("CMakeLists.txt", AsksForKdDockWidgets);

        // Act
        var bundled = _recipe.Bundled(Distribution.Named("fedora-43", "test"), _temp.Path);

        // Assert
        bundled.Should().BeEmpty();
    }

    [Fact]
    public void A_tree_that_does_not_ask_for_KDDockWidgets_bundles_nothing()
    {
        // Arrange
        _temp.File("CMakeLists.txt", "project(hotspot VERSION 1.3.0)\nfind_package(Qt5 5.10 COMPONENTS Core REQUIRED)\n");

        // Act
        var bundled = _recipe.Bundled(Distribution.Named("debian-12", "test"), _temp.Path);

        // Assert
        bundled.Should().BeEmpty();
    }
}
