namespace BuildKit.IntegrationTests.Products;

/// <summary>The hotspot fixture (tests/fixtures/hotspot) as an upstream with perfparser as its git submodule.</summary>
internal static class HotspotFixture
{
    public static async Task<GitUpstream> CreateAsync(TempDir temp, string version = "0.9.0")
    {
        var perfparser = await GitUpstream.CreateAsync(temp, "perfparser");
        await perfparser.CommitFixtureAsync("perfparser", "perfparser");
        await perfparser.PushAsync();

        var hotspot = await GitUpstream.CreateAsync(temp, "hotspot");
        await hotspot.AddSubmoduleAsync(perfparser.Url, "3rdparty/perfparser");
        await hotspot.CommitFixtureAsync("hotspot", $"hotspot {version}",
            (path, text) => path == "CMakeLists.txt" ? text.Replace("VERSION 0.9.0", $"VERSION {version}") : text);
        await hotspot.TagAsync($"v{version}");
        await hotspot.PushAsync();
        return hotspot;
    }

    public static string ProductsYaml(string repo, string reference) => $"""
        products:
          hotspot:
            repo: {repo}
            ref: {reference}
            recipe: hotspot
            spec: {Path.Combine(Repository.Root, "specs", "hotspot.spec")}
        """;
}
