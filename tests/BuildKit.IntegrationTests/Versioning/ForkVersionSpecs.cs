using BuildKit.IntegrationTests.Products;

namespace BuildKit.IntegrationTests.Versioning;

public sealed class ForkVersionSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    /// <summary>A Grafana fork as thingspin/grafana is: Grafana 6.5 code whose package.json says 6.5.0-pre, tagged v3.0.0 by the fork.</summary>
    private async Task<GitUpstream> ForkAsync()
    {
        var fork = await GitUpstream.CreateAsync(_temp, "grafana-fork");
        await fork.CommitFixtureAsync("grafana", "the fork's 3.0.0", (path, text) => path == "package.json" ? text.Replace("\"12.3.0-pre\"", "\"6.5.0-pre\"") : text);
        await fork.TagAsync("v3.0.0");
        await fork.PushAsync();
        return fork;
    }

    [ToolFact("git")]
    public async Task A_fork_with_its_own_tags_is_versioned_from_its_package_json_when_the_products_file_says_so()
    {
        // Arrange
        var fork = await ForkAsync();
        var products = GrafanaFixture.ProductsYaml(fork.Url, "v3.0.0").Replace("recipe: grafana", "recipe: grafana\n    version-from: package.json");
        var run = PipelineRun.Open(_temp, products);

        // Act
        await run.VersionAsync();

        // Assert
        var commit = await fork.HeadAsync();
        var version = run.Pipeline["grafana"].Version.Value;
        version.Version.Should().MatchRegex(@"^6\.5\.0~~\d{8}\.\d{6}\.git" + commit[..7] + "$");
        run.Log.Text.Should().Contain($"grafana {version} {commit}");
    }

    [ToolFact("git")]
    public async Task Without_version_from_the_same_fork_gets_its_own_tag_as_before()
    {
        // Arrange
        var fork = await ForkAsync();
        var run = PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(fork.Url, "v3.0.0"));

        // Act
        await run.VersionAsync();

        // Assert
        run.Pipeline["grafana"].Version.Value.ToString().Should().Be("3.0.0-1");
    }
}
