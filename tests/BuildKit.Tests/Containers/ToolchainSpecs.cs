using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Products;

namespace BuildKit.Tests.Containers;

public sealed class ToolchainSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private static string Containerfile(PackageFamily family) =>
        File.ReadAllText(Path.Combine(Repository.Root, "containers", family.ToString().ToLowerInvariant(), "Containerfile"));

    public static TheoryData<PackageFamily> Families => [PackageFamily.Dnf, PackageFamily.Apt];

    private static Distribution Named(string name) => Distribution.Named(name, "tests");

    /// <summary>Every builder the products' recipes can ask for, on every distribution that builds it.</summary>
    private IEnumerable<(Toolset Toolset, Distribution Distribution)> Builders()
    {
        var qt6Option = Path.GetDirectoryName(_temp.File("qt6-option/CMakeLists.txt", "option(QT6_BUILD \"Build with Qt6\" OFF)\n"))!;
        var qt5Only = Path.GetDirectoryName(_temp.File("qt5-only/CMakeLists.txt", "find_package(Qt5 5.10 COMPONENTS Core REQUIRED)\n"))!;
        foreach (var distribution in Distribution.All)
        {
            yield return (new GrafanaRecipe().Toolset(distribution, qt6Option, Packager.Rpmbuild), distribution);
            foreach (var tree in new[] { qt6Option, qt5Only })
            {
                Toolset? hotspot = null;
                try
                {
                    hotspot = new HotspotRecipe().Toolset(distribution, tree, Packager.Rpmbuild);
                }
                catch (RecipeException)
                {
                    // A tree whose Qt the distribution lacks is refused before any builder is asked for.
                }
                if (hotspot is not null) yield return (hotspot, distribution);
            }
        }
        yield return (new GrafanaRecipe().Toolset(Named(Distribution.DefaultName), qt6Option, Packager.Fpm), Named(Distribution.DefaultName));
    }

    [Fact]
    public void Every_builder_a_recipe_asks_for_gets_every_tool_it_needs_on_its_distribution()
    {
        // Act
        var builders = Builders().ToList();
        var gaps = builders
            .SelectMany(b => b.Toolset.Tools.Where(tool => !tool.In(b.Distribution).IsAvailable).Select(tool => $"{b.Toolset.Name} needs {tool.Name}, which {b.Distribution.Name} does not provide"))
            .ToList();

        // Assert
        gaps.Should().BeEmpty();
        builders.Select(b => $"{b.Distribution.Name}/{b.Toolset.Name}").Should()
            .Contain(["fedora-43/grafana-fpm", "fedora-43/hotspot-qt6", "debian-12/hotspot-qt5", "debian-13/hotspot-qt6", "debian-13/hotspot-qt5", "debian-13/grafana",
                "el9/grafana", "el9/hotspot-qt5", "el10/grafana", "el10/hotspot-qt6"])
            .And.NotContain(["debian-12/hotspot-qt6", "el9/hotspot-qt6", "el10/hotspot-qt5"]);
    }

    [Fact]
    public void A_tool_a_distribution_lacks_says_why()
    {
        // Act
        var tools = Builders().SelectMany(b => b.Toolset.Tools).Concat(Toolchains.Known).Distinct().ToList();
        var unavailable = tools.SelectMany(t => Distribution.All.Select(d => (Tool: t, Distribution: d)))
            .Where(x => !x.Tool.In(x.Distribution).IsAvailable)
            .ToList();

        // Assert
        unavailable.Should().OnlyContain(x => !string.IsNullOrWhiteSpace(x.Tool.In(x.Distribution).UnavailableBecause));
        tools.Single(t => t.Name == "fpm").Apt.UnavailableBecause.Should().Contain("RubyGems");
    }

    [Fact]
    public void A_tool_provided_otherwise_on_one_distribution_names_a_distribution_of_the_family_whose_row_it_replaces()
    {
        // Act
        var exceptions = Builders().SelectMany(b => b.Toolset.Tools).Concat(Toolchains.Known).Distinct()
            .SelectMany(t => t.ByDistribution.Keys.Select(name => (Tool: t.Name, Distribution: name)))
            .ToList();

        // Assert
        exceptions.Should().Contain(("qt6", "debian-12")).And.Contain(("kf6", "debian-12"));
        exceptions.Should().OnlyContain(x => Distribution.All.Any(d => d.Name == x.Distribution));
    }

    [Fact]
    public void The_fedora_definition_is_complete_every_tool_has_dnf_packages()
    {
        // Act
        var incomplete = Builders().SelectMany(b => b.Toolset.Tools).Concat(Toolchains.Known)
            .Where(t => t.Name != "systemd-macros" && (!t.Dnf.IsAvailable || t.Dnf.Packages.IsEmpty)).Select(t => t.Name);

        // Assert
        incomplete.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Each_family_containerfile_declares_every_build_argument_the_engine_passes(PackageFamily family)
    {
        // Arrange
        var declared = Regex.Matches(Containerfile(family), @"(?m)^ARG (\w+)").Select(m => m.Groups[1].Value).ToHashSet();
        var toolset = Builders().First(b => b.Distribution.Family == family && (family == PackageFamily.Apt || !b.Toolset.Gems.IsEmpty)).Toolset;
        var image = new BuilderImage(Distribution.All.First(d => d.Family == family), toolset, "base:1", "unused", null, null);

        // Act
        var passed = image.BuildArguments.Select(a => a.Key);

        // Assert
        declared.Should().Contain(passed);
        Containerfile(family).Should().Contain("FROM ${BASE_IMAGE}").And.Contain("${PACKAGES}").And.Contain("COPY ca.crt");
    }

    [Fact]
    public void A_builder_installs_the_common_tools_then_its_own_each_package_once()
    {
        // Act
        var packages = Toolchains.Packages(new HotspotRecipe().Toolset(Named("debian-12"), _temp.Path, Packager.Rpmbuild), Named("debian-12"));

        // Assert
        packages.Should().OnlyHaveUniqueItems();
        packages.Should().StartWith("git").And.Contain(["rpm", "rpmlint", "qtbase5-dev", "libkf5threadweaver-dev", "libdw-dev", "g++"]);
        packages.Should().NotContain("rpmdevtools", "Debian does not package it");
    }

    [Fact]
    public void Debian_13_builds_hotspot_with_qt6_and_kde_frameworks_6_and_still_has_qt5_for_older_trees()
    {
        // Arrange
        var trixie = Named("debian-13");
        var builders = Builders().Where(b => b.Distribution == trixie && b.Toolset.Name.StartsWith("hotspot", StringComparison.Ordinal)).ToList();

        // Act
        var qt6 = Toolchains.Packages(builders.Single(b => b.Toolset.Name == "hotspot-qt6").Toolset, trixie);
        var qt5 = Toolchains.Packages(builders.Single(b => b.Toolset.Name == "hotspot-qt5").Toolset, trixie);

        // Assert
        qt6.Should().Contain(["qt6-base-dev", "qt6-svg-dev", "libkf6kio-dev", "libkf6threadweaver-dev", "libqcustomplot-dev", "createrepo-c", "rpmlint"])
            .And.NotContain(p => p.Contains("kf5", StringComparison.Ordinal));
        qt5.Should().Contain(["qtbase5-dev", "libkf5kio-dev", "libkf5syntaxhighlighting-dev"]).And.NotContain(p => p.Contains("kf6", StringComparison.Ordinal));
    }

    [Fact]
    public void Enterprise_linux_builders_take_el_package_names_and_build_what_epel_lacks_from_source()
    {
        // Arrange
        var (el9, el10) = (Named("el9"), Named("el10"));
        var needsKdDockWidgets = _temp.File("kddw/CMakeLists.txt", "find_package(Qt5 5.10 REQUIRED)\nfind_package(KDDockWidgets 1.5)\n");

        // Act
        var hotspot9 = Toolchains.Packages(new HotspotRecipe().Toolset(el9, _temp.Path, Packager.Rpmbuild), el9);
        var hotspot10 = Toolchains.Packages(new HotspotRecipe().Toolset(el10, _temp.Path, Packager.Rpmbuild), el10);
        var grafana9 = Toolchains.Packages(new GrafanaRecipe().Toolset(el9, _temp.Path, Packager.Rpmbuild), el9);
        var grafana10 = Toolchains.Packages(new GrafanaRecipe().Toolset(el10, _temp.Path, Packager.Rpmbuild), el10);
        var bundled = new HotspotRecipe().Bundled(el9, Path.GetDirectoryName(needsKdDockWidgets)!);

        // Assert
        hotspot9.Should().Contain(["dnf-plugins-core", "ninja-build", "qt5-qtbase-private-devel", "kf5-kio-devel", "extra-cmake-modules", "ccache"])
            .And.NotContain(["dnf5-plugins", "qcustomplot-qt5-devel", "kddockwidgets-devel"]);
        hotspot10.Should().Contain(["qt6-qtbase-private-devel", "kf6-kio-devel", "kgraphviewer-devel"]).And.NotContain(["qcustomplot-qt6-devel", "kddockwidgets-qt6-devel"]);
        grafana9.Should().Contain(["golang", "nodejs", "npm"]).And.NotContain("nodejs-npm");
        grafana10.Should().Contain("nodejs-npm");
        bundled.Select(b => b.Name).Should().Equal("kddockwidgets");
    }

    [Fact]
    public void Only_an_enterprise_linux_builder_is_told_to_enable_crb_and_epel()
    {
        // Arrange
        BuilderImage Image(string distribution) =>
            new(Named(distribution), new GrafanaRecipe().Toolset(Named(distribution), "", Packager.Rpmbuild), "base:1", "unused", null, null);

        // Act
        var arguments = new[] { "el9", "el10", "fedora-43", "debian-12" }.ToDictionary(d => d, d => Image(d).BuildArguments.Select(a => a.Key).ToList());

        // Assert
        arguments["el9"].Should().Contain("EPEL_AND_CRB");
        arguments["el10"].Should().Contain("EPEL_AND_CRB");
        arguments["fedora-43"].Should().NotContain("EPEL_AND_CRB", "a Fedora or Debian builder keeps the tag it had");
        arguments["debian-12"].Should().NotContain("EPEL_AND_CRB");
        Regex.IsMatch(Containerfile(PackageFamily.Dnf), @"(?m)^ARG EPEL_AND_CRB=""""$").Should().BeTrue();
    }

    [Fact]
    public void Asking_for_a_builder_on_a_distribution_that_lacks_one_of_its_tools_says_which_and_why()
    {
        // Arrange
        var qt6 = Builders().First(b => b.Toolset.Name == "hotspot-qt6").Toolset;

        // Act
        var act = () => Toolchains.Packages(qt6, Named("debian-12"));

        // Assert
        act.Should().Throw<ContainerException>().WithMessage("The hotspot-qt6 builder cannot be made for debian-12: qt6 is not available there (Debian 12 has no KDE Frameworks 6*");
    }
}
