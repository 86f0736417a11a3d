using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Versioning;

namespace BuildKit.Tests.Products;

public sealed class HotspotRecipeSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly HotspotRecipe _recipe = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The three ways real hotspot trees ask for Qt, as their top CMakeLists.txt says it.</summary>
    private static readonly Dictionary<QtRequirement, string> Trees = new()
    {
        [QtRequirement.Qt5Only] = "project(hotspot VERSION 1.4.1)\nfind_package(\n    Qt5 5.15\n    COMPONENTS Core Widgets Network Test Svg\n    REQUIRED\n)\n",
        [QtRequirement.Qt6Option] = "project(hotspot VERSION 1.6.0)\noption(QT6_BUILD \"configure build to use Qt6/KF6\" OFF)\nif(QT6_BUILD)\n    set(QT_MAJOR_VERSION 6)\n" +
            "else()\n    set(QT_MAJOR_VERSION 5)\nendif()\nfind_package(Qt${QT_MAJOR_VERSION} ${QT_MIN_VERSION} COMPONENTS Core REQUIRED)\n",
        [QtRequirement.Qt6Only] = "project(hotspot VERSION 1.6.80)\nset(QT_MAJOR_VERSION 6)\nset(QT_MIN_VERSION 6.4)\nfind_package(Qt${QT_MAJOR_VERSION} ${QT_MIN_VERSION} COMPONENTS Core REQUIRED)\n",
    };

    private static Distribution Named(string name) => Distribution.Named(name, "tests");

    private RecipeContext Context(string distribution) =>
        new(_temp.Path, Named(distribution), new PackageVersion(null, "1.5.1", 1, VersionKind.Release, "tag"), "abc", "v1.5.1", DateTimeOffset.UnixEpoch, 8, 24_000);

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

    public static TheoryData<QtRequirement, string, int> QtDecisions => new()
    {
        { QtRequirement.Qt5Only, "fedora-43", 5 },
        { QtRequirement.Qt5Only, "debian-12", 5 },
        { QtRequirement.Qt5Only, "debian-13", 5 },
        { QtRequirement.Qt6Option, "fedora-43", 6 },
        { QtRequirement.Qt6Option, "debian-12", 5 },
        { QtRequirement.Qt6Option, "debian-13", 6 },
        { QtRequirement.Qt6Only, "fedora-43", 6 },
        { QtRequirement.Qt6Only, "debian-13", 6 },
        { QtRequirement.Qt5Only, "el9", 5 },
        { QtRequirement.Qt6Option, "el9", 5 },
        { QtRequirement.Qt6Option, "el10", 6 },
        { QtRequirement.Qt6Only, "el10", 6 },
    };

    [Theory]
    [MemberData(nameof(QtDecisions))]
    public void The_qt_a_tree_builds_with_follows_its_cmakelists_and_what_the_distribution_has(QtRequirement requirement, string distribution, int major)
    {
        // Arrange
        _temp.File("CMakeLists.txt", Trees[requirement]);

        // Act
        var decided = HotspotRecipe.QtMajor(Named(distribution), _temp.Path);
        var script = _recipe.Steps(Context(distribution)).Single().Script;

        // Assert
        HotspotRecipe.QtRequirementOf(_temp.Path).Should().Be(requirement);
        decided.Should().Be(major);
        _recipe.Toolset(Named(distribution), _temp.Path, Packager.Rpmbuild).Name.Should().Be($"hotspot-qt{major}");
        _recipe.RpmbuildOptions(Named(distribution), _temp.Path).Should().Equal(major == 6 ? ["--with", "qt6"] : []);
        if (requirement == QtRequirement.Qt6Option && major == 6) script.Should().Contain("-DQT6_BUILD=ON");
        else script.Should().NotContain("QT6_BUILD", "only a tree with the option is told which Qt to use");
    }

    [Fact]
    public void A_qt6_only_tree_on_a_distribution_without_kde_frameworks_6_is_refused_before_any_builder_is_made()
    {
        // Arrange
        _temp.File("CMakeLists.txt", Trees[QtRequirement.Qt6Only]);

        // Act
        var act = () => _recipe.Toolset(Named("debian-12"), _temp.Path, Packager.Rpmbuild);

        // Assert
        act.Should().Throw<RecipeException>().WithMessage(
            "This hotspot tree builds with Qt6 only (its CMakeLists.txt sets QT_MAJOR_VERSION 6 and offers no QT6_BUILD option), " +
            "and debian-12 cannot give it Qt6 and KDE Frameworks 6 (Debian 12 has no KDE Frameworks 6). " +
            "Build it for one that has them (--distribution=NAME: fedora-43, fedora-42, el10, debian-13), or pick a hotspot ref up to 1.6, which still builds with Qt5.");
    }

    [Fact]
    public void A_qt5_only_tree_on_enterprise_linux_10_is_refused_naming_the_distributions_that_have_qt5()
    {
        // Arrange
        _temp.File("CMakeLists.txt", Trees[QtRequirement.Qt5Only]);

        // Act
        var act = () => _recipe.Toolset(Named("el10"), _temp.Path, Packager.Rpmbuild);

        // Assert
        act.Should().Throw<RecipeException>().WithMessage(
            "This hotspot tree builds with Qt5 only (*), and el10 cannot give it Qt5 and KDE Frameworks 5 (EL 10 has no Qt5 KDE Frameworks*). " +
            "Build it for one that has them (--distribution=NAME: fedora-43, fedora-42, el9, debian-12, debian-13), or pick a hotspot ref from 1.5 on, which builds with Qt6.");
    }

    [Fact]
    public void A_tree_not_fetched_yet_lets_the_build_choose_so_that_planning_refuses_no_distribution()
    {
        // Act
        var toolsets = new[] { "debian-12", "el9", "el10", "fedora-43" }.Select(d => _recipe.Toolset(Named(d), _temp.Combine("not-fetched"), Packager.Rpmbuild).Name);

        // Assert
        toolsets.Should().Equal("hotspot-qt5", "hotspot-qt5", "hotspot-qt6", "hotspot-qt6");
    }

    [ToolTheory("rpmspec")]
    [InlineData("fedora-43", QtRequirement.Qt5Only, "kf5-kio-devel")]
    [InlineData("fedora-43", QtRequirement.Qt6Only, "kf6-kio-devel")]
    [InlineData("el9", QtRequirement.Qt5Only, "kf5-kio-devel")]
    [InlineData("el10", QtRequirement.Qt6Only, "kf6-kio-devel")]
    public async Task Every_package_the_spec_build_requires_is_in_the_dnf_builder_the_recipe_makes_for_it(string name, QtRequirement tree, string frameworks)
    {
        // Arrange
        _temp.File("CMakeLists.txt", Trees[tree] + "find_package(KDDockWidgets 1.5)\n");
        var distribution = Named(name);
        var bundled = _recipe.Bundled(distribution, _temp.Path).Select(b => $"{b.Name}={b.Version}").ToList();
        string[] defines =
        [
            .. distribution.EnterpriseLinux ? ["--define", $"rhel {name[2..]}"] : Array.Empty<string>(),
            .. bundled.Count > 0 ? ["--define", $"buildkit_bundled {string.Join(' ', bundled)}"] : Array.Empty<string>(),
        ];

        // Act
        var required = await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("rpmspec",
            ["-q", "--buildrequires", .. defines, .. _recipe.RpmbuildOptions(distribution, _temp.Path), Path.Combine(Repository.Root, "specs", "hotspot.spec")]) with { Quiet = true });
        var installed = Toolchains.Packages(_recipe.Toolset(distribution, _temp.Path, Packager.Rpmbuild), distribution);

        // Assert
        var names = required.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        names.Should().Contain([frameworks, "cmake"]);
        installed.Should().Contain(names, "rpmbuild in a dnf builder checks the spec's BuildRequires against what the toolchain table installed");
    }

    [Fact]
    public void The_build_configures_release_with_ccache_builds_on_every_core_and_installs_into_the_stage()
    {
        // Act
        var script = _recipe.Steps(Context("debian-12")).Single().Script;

        // Assert
        script.Should().Contain("cmake -S /src -B /build -G Ninja").And.Contain("-DCMAKE_BUILD_TYPE=RelWithDebInfo")
            .And.Contain("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache").And.Contain("cmake --build /build --parallel 8")
            .And.Contain("DESTDIR=/stage cmake --install /build");
    }
}
