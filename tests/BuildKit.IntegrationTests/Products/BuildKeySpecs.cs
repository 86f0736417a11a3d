namespace BuildKit.IntegrationTests.Products;

public sealed class BuildKeySpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task An_unchanged_rerun_rebuilds_nothing_and_a_changed_spec_rebuilds()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        var yaml = HotspotFixture.ProductsYaml(upstream.Url, "v0.9.0");
        await PipelineRun.Open(_temp, yaml).VerifyAsync();
        var rpm = _temp.Combine("artifacts", "rpms", "debian-12", "hotspot-0.9.0-1.x86_64.rpm");
        var firstWrite = File.GetLastWriteTimeUtc(rpm);

        // Act
        var rerun = PipelineRun.Open(_temp, yaml);
        await rerun.VerifyAsync();
        var folder = _temp.Combine("specs-changed");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "hotspot.spec"),
            File.ReadAllText(Path.Combine(Repository.Root, "specs", "hotspot.spec")).Replace("Summary:        The Linux perf GUI", "Summary:        The perf GUI"));
        var changed = PipelineRun.Open(_temp, yaml.Replace(Path.Combine(Repository.Root, "specs", "hotspot.spec"), Path.Combine(folder, "hotspot.spec")));
        await changed.PackageAsync();

        // Assert
        rerun.Log.Text.Should().MatchRegex(@"\[hotspot/Build\] reuse: build key [0-9a-f]{12} is unchanged since the last build \(.*buildinfo/hotspot\.json\): its packages are reused, not rebuilt")
            .And.Contain("[hotspot/Verify] reuse: the reused packages passed Verify when they were built");
        rerun.Log.Text.Should().NotContain("[hotspot/build] start:").And.NotContain("[hotspot/package] start:").And.NotContain("[hotspot/install]");
        changed.Log.Text.Should().NotContain("is unchanged since the last build").And.Contain("[hotspot/package] start:");
        File.GetLastWriteTimeUtc(rpm).Should().BeAfter(firstWrite, "the changed spec made new packages");
        rerun.Packages("hotspot").Rpms.Should().Contain(rpm).And.HaveCount(3, "the package, its debuginfo and its debugsource are reused together");
    }
}
