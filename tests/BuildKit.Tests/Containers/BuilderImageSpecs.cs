using BuildKit.Configuration;
using BuildKit.Containers;

namespace BuildKit.Tests.Containers;

public sealed class BuilderImageSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private BuilderImage Image(string containerfileText = "FROM ${BASE_IMAGE}\n", string? ca = null) => new(
        Distribution.Named("debian-12", "tests"),
        new Toolset("grafana", Toolchains.Go, Toolchains.Node),
        "buildkit-base:bookworm",
        _temp.File("Containerfile", containerfileText),
        ca is null ? null : _temp.File("ca.crt", ca),
        null);

    [Fact]
    public void The_same_definition_gives_the_same_tag()
    {
        // Act
        var first = Image().Tag;
        var second = Image().Tag;

        // Assert
        first.Should().Be(second).And.MatchRegex("^buildkit-builder-debian-12-grafana:[0-9a-f]{16}$");
    }

    [Fact]
    public void Any_change_to_the_containerfile_the_base_the_packages_the_trust_or_the_mirror_gives_a_new_tag()
    {
        // Arrange
        var original = Image();

        // Act
        var tags = new[]
        {
            Image("FROM ${BASE_IMAGE}\nRUN true\n").Tag,
            (original with { BaseImage = "debian:bookworm" }).Tag,
            (original with { Toolset = new Toolset("hotspot-qt5", Toolchains.CMake, Toolchains.Cxx) }).Tag,
            Image(ca: "-----BEGIN CERTIFICATE-----\n").Tag,
            (original with { DistroMirror = "http://mirror.example/debian" }).Tag,
        };

        // Assert
        tags.Should().OnlyHaveUniqueItems().And.NotContain(original.Tag);
    }

    [Fact]
    public void Builders_of_two_toolsets_install_the_same_common_packages_first_and_only_their_own_after()
    {
        // Arrange
        var grafana = Image();
        var hotspot = grafana with { Toolset = new Toolset("hotspot-qt5", Toolchains.CMake, Toolchains.Cxx) };

        // Act
        var grafanaArguments = grafana.BuildArguments.ToDictionary();
        var hotspotArguments = hotspot.BuildArguments.ToDictionary();

        // Assert
        grafanaArguments["COMMON_PACKAGES"].Should().Be(hotspotArguments["COMMON_PACKAGES"]).And.StartWith("git rpm rpmlint ");
        grafanaArguments["PACKAGES"].Split(' ').Should().BeEquivalentTo(["golang-go", "nodejs"]);
        hotspotArguments["PACKAGES"].Split(' ').Should().Contain("g++").And.NotContain("rpm");
        grafana.Packages.Should().BeEquivalentTo([.. grafanaArguments["COMMON_PACKAGES"].Split(' '), .. grafanaArguments["PACKAGES"].Split(' ')]);
    }

    [Fact]
    public void A_message_names_a_builder_by_its_distribution_and_toolset_and_any_other_image_as_it_is()
    {
        // Act
        var builder = BuilderImage.Describe(Image().Tag);
        var other = BuilderImage.Describe("fedora:43");

        // Assert
        builder.Should().Be("the debian-12 grafana builder");
        other.Should().Be("a container of fedora:43");
    }
}
