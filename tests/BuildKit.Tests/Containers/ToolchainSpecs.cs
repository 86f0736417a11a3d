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

    /// <summary>Every builder the products' recipes can ask for, with the families that build it.</summary>
    private IEnumerable<(Toolset Toolset, PackageFamily Family)> Builders()
    {
        var qt6Tree = _temp.File("qt6/CMakeLists.txt", "option(QT6_BUILD \"Build with Qt6\" OFF)\n");
        var tree = Path.GetDirectoryName(qt6Tree)!;
        foreach (var family in new[] { PackageFamily.Dnf, PackageFamily.Apt })
        {
            yield return (new GrafanaRecipe().Toolset(family, tree, Packager.Rpmbuild), family);
            yield return (new HotspotRecipe().Toolset(family, tree, Packager.Rpmbuild), family);
        }
        yield return (new GrafanaRecipe().Toolset(PackageFamily.Dnf, tree, Packager.Fpm), PackageFamily.Dnf);
    }

    [Fact]
    public void Every_builder_a_recipe_asks_for_gets_every_tool_it_needs_in_its_family()
    {
        // Act
        var builders = Builders().ToList();
        var gaps = builders
            .SelectMany(b => b.Toolset.Tools.Where(tool => !tool.In(b.Family).IsAvailable).Select(tool => $"{b.Toolset.Name} needs {tool.Name}, which {b.Family} does not provide"))
            .ToList();

        // Assert
        gaps.Should().BeEmpty();
        builders.Select(b => b.Toolset.Name).Should().Contain(["grafana", "grafana-fpm", "hotspot-qt5", "hotspot-qt6"]);
    }

    [Fact]
    public void A_tool_a_family_lacks_says_why()
    {
        // Act
        var tools = Builders().SelectMany(b => b.Toolset.Tools).Concat(Toolchains.Known).Distinct().ToList();
        var unavailable = tools.SelectMany(t => new[] { (Tool: t, Family: PackageFamily.Dnf), (Tool: t, Family: PackageFamily.Apt) })
            .Where(x => !x.Tool.In(x.Family).IsAvailable)
            .ToList();

        // Assert
        unavailable.Should().OnlyContain(x => !string.IsNullOrWhiteSpace(x.Tool.In(x.Family).UnavailableBecause));
        tools.Single(t => t.Name == "fpm").Apt.UnavailableBecause.Should().Contain("RubyGems");
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
        var toolset = Builders().First(b => b.Family == family && (family == PackageFamily.Apt || !b.Toolset.Gems.IsEmpty)).Toolset;
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
        var packages = Toolchains.Packages(new HotspotRecipe().Toolset(PackageFamily.Apt, _temp.Path, Packager.Rpmbuild), PackageFamily.Apt);

        // Assert
        packages.Should().OnlyHaveUniqueItems();
        packages.Should().StartWith("git").And.Contain(["rpm", "rpmlint", "qtbase5-dev", "libkf5threadweaver-dev", "libdw-dev", "g++"]);
        packages.Should().NotContain("rpmdevtools", "Debian does not package it");
    }

    [Fact]
    public void Asking_for_a_builder_in_a_family_that_lacks_one_of_its_tools_says_which_and_why()
    {
        // Arrange
        var qt6 = Builders().Single(b => b.Toolset.Name == "hotspot-qt6").Toolset;

        // Act
        var act = () => Toolchains.Packages(qt6, PackageFamily.Apt);

        // Assert
        act.Should().Throw<ContainerException>().WithMessage("The hotspot-qt6 builder cannot be made in the apt family: qt6 is not available there (Debian 12 has no KDE Frameworks 6*");
    }
}
