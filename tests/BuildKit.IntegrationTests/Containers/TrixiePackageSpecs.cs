using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.IntegrationTests.Products;
using BuildKit.Products;

namespace BuildKit.IntegrationTests.Containers;

public sealed class TrixiePackageSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact(Docker.TrixieBaseImage)]
    public async Task Every_package_a_debian_13_builder_installs_exists_in_trixie()
    {
        // Arrange
        var trixie = Distribution.Named("debian-13", "tests");
        Toolset[] toolsets = [new GrafanaRecipe().Toolset(trixie, _temp.Path, Packager.Rpmbuild), .. new HotspotRecipe().Toolsets(trixie, Packager.Rpmbuild)];
        var packages = string.Join(' ', toolsets.SelectMany(t => Toolchains.Packages(t, trixie)).Distinct());

        // Act
        var missing = await Rpm.RunAsync("docker", "run", "--rm", Docker.TrixieBaseImage, "bash", "-c",
            $"apt-get update -qq >/dev/null && for p in {packages}; do apt-cache policy \"$p\" | grep -q 'Candidate: [0-9]' || echo \"$p\"; done");

        // Assert
        toolsets.Select(t => t.Name).Should().Equal("grafana", "hotspot-qt5", "hotspot-qt6");
        missing.Trim().Should().BeEmpty("every name in the toolchain table must be a trixie package");
    }
}
