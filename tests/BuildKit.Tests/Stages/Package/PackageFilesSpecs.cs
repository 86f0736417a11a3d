using BuildKit.Stages.Package;
using BuildKit.Versioning;

namespace BuildKit.Tests.Stages.Package;

public sealed class PackageFilesSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("grafana-12.3.0-1.fc43.x86_64.rpm", "grafana", "12.3.0", "1.fc43")]
    [InlineData("grafana-enterprise-12.3.0~beta1-1.x86_64.rpm", "grafana-enterprise", "12.3.0~beta1", "1")]
    [InlineData("hotspot-1.5.1^20261121.234510.git1a2b3c4-2.x86_64.rpm", "hotspot", "1.5.1^20261121.234510.git1a2b3c4", "2")]
    [InlineData("hotspot-1.3.0-1.src.rpm", "hotspot", "1.3.0", "1")]
    public void A_package_file_name_gives_its_name_version_and_release(string file, string name, string version, string release)
    {
        // Act
        var parsedName = PackageFiles.NameOf(file);
        var evr = PackageFiles.EvrOf(file);

        // Assert
        parsedName.Should().Be(name);
        evr.Should().Be(new Evr(null, version, release));
    }

    [Fact]
    public void The_previous_build_is_the_highest_earlier_version_of_the_same_package_and_architecture()
    {
        // Arrange
        foreach (var file in new[]
        {
            "grafana-12.2.0-1.x86_64.rpm", "grafana-12.3.0~beta1-1.x86_64.rpm", "grafana-12.3.0-1.x86_64.rpm",
            "grafana-12.3.1-1.x86_64.rpm", "grafana-12.3.0-1.aarch64.rpm", "grafana-enterprise-12.3.0-1.x86_64.rpm", "hotspot-1.3.0-1.x86_64.rpm",
        }) _temp.File(file, "");

        // Act
        var previous = PackageFiles.PreviousBuild("grafana", _temp.Combine("grafana-12.3.1-1.x86_64.rpm"));
        var none = PackageFiles.PreviousBuild("hotspot", _temp.Combine("hotspot-1.3.0-1.x86_64.rpm"));

        // Assert
        Path.GetFileName(previous).Should().Be("grafana-12.3.0-1.x86_64.rpm");
        none.Should().BeNull();
    }
}
