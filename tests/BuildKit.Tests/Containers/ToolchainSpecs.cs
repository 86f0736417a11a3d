using System.Text.RegularExpressions;
using BuildKit.Containers;

namespace BuildKit.Tests.Containers;

public sealed class ToolchainSpecs
{
    private static string Containerfile(PackageFamily family) =>
        File.ReadAllText(Path.Combine(Repository.Root, "containers", family.ToString().ToLowerInvariant(), "Containerfile"));

    public static TheoryData<PackageFamily> Families => [PackageFamily.Dnf, PackageFamily.Apt];

    [Fact]
    public void Every_tool_a_toolset_declares_is_provided_by_every_family_that_builds_it()
    {
        // Act
        var gaps = Toolchains.Toolsets
            .SelectMany(set => set.Families.SelectMany(family => Toolchains.Common.Concat(set.Tools)
                .Select(Toolchains.Named)
                .Where(tool => !tool.In(family).IsAvailable && set.Tools.Contains(tool.Name))
                .Select(tool => $"{set.Name} needs {tool.Name}, which {family} does not provide")))
            .ToList();

        // Assert
        gaps.Should().BeEmpty();
    }

    [Fact]
    public void A_tool_a_family_lacks_says_why_and_no_toolset_of_that_family_needs_it()
    {
        // Act
        var unavailable = Toolchains.Tools.SelectMany(t => new[] { (t, PackageFamily.Dnf), (t, PackageFamily.Apt) })
            .Where(x => !x.t.In(x.Item2).IsAvailable)
            .ToList();

        // Assert
        unavailable.Should().OnlyContain(x => !string.IsNullOrWhiteSpace(x.t.In(x.Item2).UnavailableBecause));
        Toolchains.Named("fpm").Apt.UnavailableBecause.Should().Contain("RubyGems");
        Toolchains.Toolset("grafana-fpm").Families.Should().Equal(PackageFamily.Dnf);
    }

    [Fact]
    public void The_fedora_definition_is_complete_every_tool_has_dnf_packages()
    {
        // Act
        var incomplete = Toolchains.Tools.Where(t => !t.Dnf.IsAvailable || t.Dnf.Packages.IsEmpty).Select(t => t.Name);

        // Assert
        incomplete.Should().BeEmpty();
        Toolchains.Toolsets.Where(t => t.Name.StartsWith("hotspot", StringComparison.Ordinal)).Should()
            .AllSatisfy(t => t.Families.Should().Contain(PackageFamily.Dnf));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Each_family_containerfile_declares_every_build_argument_the_engine_passes(PackageFamily family)
    {
        // Arrange
        var declared = Regex.Matches(Containerfile(family), @"(?m)^ARG (\w+)").Select(m => m.Groups[1].Value).ToHashSet();
        var toolset = Toolchains.Toolsets.First(t => t.Families.Contains(family) && (family == PackageFamily.Apt || !t.Gems.IsEmpty));
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
        var packages = Toolchains.Packages(Toolchains.Toolset("hotspot-qt5"), PackageFamily.Apt);

        // Assert
        packages.Should().OnlyHaveUniqueItems();
        packages.Should().StartWith("git").And.Contain(["rpm", "rpmlint", "qtbase5-dev", "libkf5threadweaver-dev", "libdw-dev", "g++"]);
        packages.Should().NotContain("rpmdevtools", "Debian does not package it");
    }

    [Fact]
    public void Asking_for_a_toolset_in_a_family_that_cannot_build_it_is_an_error()
    {
        // Act
        var act = () => Toolchains.Packages(Toolchains.Toolset("hotspot-qt6"), PackageFamily.Apt);

        // Assert
        act.Should().Throw<InvalidOperationException>().WithMessage("The hotspot-qt6 builder does not exist for the Apt family.");
    }
}
