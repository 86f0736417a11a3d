using Xunit.Abstractions;

namespace BuildKit.IntegrationTests.Products;

public sealed class IncrementalBuildSpecs(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task An_incremental_build_after_a_change_gives_the_payload_a_clean_build_of_the_same_commit_gives()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        await PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "main")).PackageAsync();
        var main = Path.Combine(upstream.Work, "src", "main.cpp");
        var changed = await upstream.CommitAsync("a one-line change", ("src/main.cpp", (await File.ReadAllTextAsync(main)).Replace("int main(", "// changed\nint main(")));
        await upstream.PushAsync();
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "main"), options: "--check-reproducible");

        // Act
        await run.VerifyAsync();

        // Assert
        var log = run.Log.Text;
        var incremental = log.IndexOf("[hotspot/build] incremental: the build folder of the last build is kept", StringComparison.Ordinal);
        var clean = log.IndexOf("[hotspot/build] clean: an empty build folder, as --check-reproducible builds a second time from scratch", StringComparison.Ordinal);
        incremental.Should().BeInRange(0, clean, "the build is incremental and the reproducibility rebuild after it clean");
        var incrementalBuild = log[incremental..clean];
        incrementalBuild.Should().Contain("Building CXX object src/CMakeFiles/hotspot.dir/main.cpp.o", "the changed file is compiled again")
            .And.NotContain("Building CXX object src/CMakeFiles/hotspot.dir/models/", "the unchanged ones are not");
        log[clean..].Should().Contain("Building CXX object src/CMakeFiles/hotspot.dir/models/", "the clean rebuild compiles every file");
        var report = run.Verification("hotspot").Reproducibility!;
        output.WriteLine($"hotspot fixture, incremental against clean: {report.Summary}");
        report.PayloadsMatch.Should().BeTrue(report.Summary);
        (report.Identical.Length + report.SamePayload.Length).Should().Be(4, "the RPM, its debuginfo and debugsource, and the SRPM");
        var secondTree = Path.Combine(run.Paths.Reproducibility, "hotspot", "tree");
        run.Log.Text.Should().Contain($"[hotspot/fetch] a second tree of {changed[..12]} in {secondTree}");
        File.Exists(Path.Combine(secondTree, "3rdparty", "perfparser", "LICENSE.GPLv3")).Should().BeTrue("the second tree has the submodule too");
    }
}
