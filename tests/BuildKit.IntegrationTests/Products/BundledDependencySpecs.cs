namespace BuildKit.IntegrationTests.Products;

public sealed class BundledDependencySpecs : IDisposable
{
    private const string KdDockWidgetsUpstream = "https://github.com/KDAB/KDDockWidgets.git";
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task A_tree_that_needs_KDDockWidgets_on_Debian_gets_it_built_once_from_its_pinned_source_and_linked_in()
    {
        // Arrange
        var kdDockWidgets = await HotspotFixture.CreateKdDockWidgetsAsync(_temp);
        var upstream = await HotspotFixture.CreateAsync(_temp, kdDockWidgets: true, models: 2);
        var mirror = $"--mirror={KdDockWidgetsUpstream}={kdDockWidgets.Url}";
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "main"), false, mirror);

        // Act
        await run.VerifyAsync();
        await upstream.CommitAsync("a change of hotspot only", ("NEWS", "one line\n"));
        await upstream.PushAsync();
        var again = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "main"), false, mirror);
        await again.PackageAsync();

        // Assert
        var rpm = run.Packages("hotspot").Rpms.Single(r => Path.GetFileName(r).StartsWith("hotspot-0.9.0", StringComparison.Ordinal));
        (await Rpm.QueryAsync("-qp", "--provides", rpm)).Should().Contain("bundled(kddockwidgets) = 1.7.0");
        (await Rpm.QueryAsync("-qpR", rpm)).Should().NotContainAny(["kddockwidgets", "KDDockWidgets"], "it is linked statically");
        var commit = await kdDockWidgets.HeadAsync();
        run.Packages("hotspot").Record.Bundled.Should().Equal(new Records.BundledEntry("kddockwidgets", KdDockWidgetsUpstream, "v1.7.0", commit));
        run.Packages("hotspot").Record.ToText().Should().Contain($"bundled: kddockwidgets v1.7.0 {commit} {KdDockWidgetsUpstream}");
        run.Log.Text.Should().Contain($"bundled kddockwidgets: v1.7.0 -> {commit}").And.Contain("[hotspot/bundle-kddockwidgets]");
        run.Verification("hotspot").Install.SmokeOutput.Should().Contain("hotspot 0.9.0", "the installed hotspot runs without any KDDockWidgets package");
        again.Log.Text.Should().MatchRegex(@"\[hotspot/bundle-kddockwidgets\] skipped: its inputs are those of an earlier build",
            "the bundled build is kept per builder and source, and only hotspot changed");
        (await Rpm.QueryAsync("-qp", "--provides", again.Packages("hotspot").Rpms.First())).Should().Contain("bundled(kddockwidgets) = 1.7.0");
    }
}
