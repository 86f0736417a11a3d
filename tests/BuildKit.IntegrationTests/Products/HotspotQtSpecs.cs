using BuildKit.Pipeline;
using BuildKit.Products;

namespace BuildKit.IntegrationTests.Products;

/// <summary>
/// hotspot trees that ask for Qt6, on Debian 13 (Qt 6.8, KDE Frameworks 6) and on Debian 12 (neither); that a tree with
/// the QT6_BUILD option is told to use Qt6 is HotspotRecipeSpecs' to show, without a build. The debian-13
/// hotspot-qt6 builder is large; its tag is a content hash, so the first test that needs it builds it and every later one
/// (in this run or the next) reuses it.
/// </summary>
public sealed class HotspotQtSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private PipelineRun OnTrixie(GitUpstream upstream, string reference) =>
        PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, reference), false, "--distribution=debian-13", $"--base-image={Docker.TrixieBaseImage}");

    [DockerFact(Docker.TrixieBaseImage)]
    public async Task A_qt6_only_tree_builds_on_debian_13_with_qt6_and_its_installed_binary_prints_its_version()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp, "1.6.80", QtRequirement.Qt6Only, models: 2);
        var run = OnTrixie(upstream, "v1.6.80");

        // Act
        await run.VerifyAsync();

        // Assert
        var rpm = run.Packages("hotspot").Rpms.Single(r => !Path.GetFileName(r).StartsWith("hotspot-debug", StringComparison.Ordinal));
        Path.GetFileName(rpm).Should().Be("hotspot-1.6.80-1.x86_64.rpm");
        run.Builder("hotspot").Tag.Should().StartWith("buildkit-builder-debian-13-hotspot-qt6:");
        (await Rpm.QueryAsync("-qpR", rpm)).Should().Contain("libQt6Core.so.6()(64bit)").And.NotContain("libQt5Core");
        run.Verification("hotspot").Install.SmokeOutput.Trim().Should().Be("hotspot 1.6.80");
        run.Log.Text.Should().NotContain("-DQT6_BUILD=ON", "a tree without the option knows its Qt itself");
    }

    [DockerFact]
    public async Task A_qt6_only_tree_on_debian_12_stops_in_provision_naming_what_to_do_before_any_builder_is_made()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp, "1.6.80", QtRequirement.Qt6Only);
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "v1.6.80"));

        // Act
        var act = () => run.PackageAsync();

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>()).WithMessage(
            "hotspot/provision: This hotspot tree builds with Qt6 only*debian-12 cannot give it Qt6 and KDE Frameworks 6*--distribution=NAME: fedora-43, fedora-42, el10, debian-13*");
        run.Log.Text.Should().NotContain("[hotspot/provision] builder buildkit-builder");
    }
}
