namespace BuildKit.IntegrationTests.Products;

/// <summary>The Grafana fixture (tests/fixtures/grafana) as an upstream whose package.json carries the tagged version.</summary>
internal static class GrafanaFixture
{
    public static async Task<GitUpstream> CreateAsync(TempDir temp, string version)
    {
        var root = Path.Combine(Repository.Root, "tests", "fixtures", "grafana");
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => (Path: Path.GetRelativePath(root, file), Content: File.ReadAllText(file)))
            .Select(f => f.Path == "package.json" ? (f.Path, f.Content.Replace("\"12.3.0-pre\"", $"\"{version}\"")) : f)
            .ToArray();
        var grafana = await GitUpstream.CreateAsync(temp, "grafana");
        await grafana.CommitAsync($"grafana {version}", files);
        await grafana.TagAsync($"v{version}");
        await grafana.PushAsync();
        return grafana;
    }

    public static string ProductsYaml(string repo, string reference) => $"""
        products:
          grafana:
            repo: {repo}
            ref: {reference}
            recipe: grafana
            spec: {Path.Combine(Repository.Root, "specs", "grafana.spec")}
        """;
}
