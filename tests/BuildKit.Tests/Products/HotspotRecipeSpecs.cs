using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Products;
using BuildKit.Versioning;

namespace BuildKit.Tests.Products;

public sealed class HotspotRecipeSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly HotspotRecipe _recipe = new();

    public void Dispose() => _temp.Dispose();

    private RecipeContext Context(PackageFamily family) =>
        new(_temp.Path, family, new PackageVersion(null, "1.5.1", 1, VersionKind.Release, "tag"), "abc", "v1.5.1", DateTimeOffset.UnixEpoch, 8, 24_000);

    [Fact]
    public void A_tree_whose_perfparser_submodule_is_empty_stops_the_build_with_what_to_do()
    {
        // Arrange
        Directory.CreateDirectory(_temp.Combine("3rdparty", "perfparser", ".git"));

        // Act
        var act = () => _recipe.Validate(_temp.Path);

        // Assert
        act.Should().Throw<RecipeException>().WithMessage("*3rdparty/perfparser is empty: hotspot needs its perfparser submodule*");
    }

    [Fact]
    public void A_tree_with_qt6_support_builds_with_qt6_on_fedora_and_qt5_on_debian()
    {
        // Arrange
        _temp.File("CMakeLists.txt", "project(hotspot VERSION 1.5.1)\noption(QT6_BUILD \"Build with Qt6\" OFF)\n");

        // Act
        var fedora = _recipe.Steps(Context(PackageFamily.Dnf)).Single().Script;
        var debian = _recipe.Steps(Context(PackageFamily.Apt)).Single().Script;

        // Assert
        _recipe.Toolset(PackageFamily.Dnf, _temp.Path, Packager.Rpmbuild).Name.Should().Be("hotspot-qt6");
        _recipe.Toolset(PackageFamily.Apt, _temp.Path, Packager.Rpmbuild).Name.Should().Be("hotspot-qt5");
        fedora.Should().Contain("-DQT6_BUILD=ON");
        debian.Should().NotContain("QT6_BUILD");
        _recipe.RpmbuildOptions(PackageFamily.Dnf, _temp.Path).Should().Equal("--with", "qt6");
    }

    [Fact]
    public void An_older_tree_builds_with_qt5_everywhere()
    {
        // Arrange
        _temp.File("CMakeLists.txt", "project(hotspot VERSION 1.3.0 LANGUAGES CXX C)\n");

        // Act
        var toolset = _recipe.Toolset(PackageFamily.Dnf, _temp.Path, Packager.Rpmbuild);

        // Assert
        toolset.Name.Should().Be("hotspot-qt5");
        _recipe.RpmbuildOptions(PackageFamily.Dnf, _temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void The_build_configures_release_with_ccache_builds_on_every_core_and_installs_into_the_stage()
    {
        // Act
        var script = _recipe.Steps(Context(PackageFamily.Apt)).Single().Script;

        // Assert
        script.Should().Contain("cmake -S /src -B /build -G Ninja").And.Contain("-DCMAKE_BUILD_TYPE=RelWithDebInfo")
            .And.Contain("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache").And.Contain("cmake --build /build --parallel 8")
            .And.Contain("DESTDIR=/stage cmake --install /build");
    }
}
