namespace BuildKit.IntegrationTests.Products;

/// <summary>The hotspot fixture (tests/fixtures/hotspot) as an upstream with perfparser as its git submodule.</summary>
internal static class HotspotFixture
{
    public static async Task<GitUpstream> CreateAsync(TempDir temp, string version = "0.9.0")
    {
        var perfparser = await GitUpstream.CreateAsync(temp, "perfparser");
        await perfparser.CommitAsync("perfparser", Files("perfparser"));
        await perfparser.PushAsync();

        var hotspot = await GitUpstream.CreateAsync(temp, "hotspot");
        await hotspot.AddSubmoduleAsync(perfparser.Url, "3rdparty/perfparser");
        var files = Files("hotspot")
            .Select(f => f.Path == "CMakeLists.txt" ? (f.Path, f.Content.Replace("VERSION 0.9.0", $"VERSION {version}")) : f)
            .ToArray();
        await hotspot.CommitAsync($"hotspot {version}", files);
        File.SetUnixFileMode(Path.Combine(hotspot.Work, "scripts", "elevate_perf_privileges.sh"), (UnixFileMode)0b111_101_101);
        await hotspot.GitAsync("update-index", "--chmod=+x", "scripts/elevate_perf_privileges.sh");
        await hotspot.GitAsync("commit", "--quiet", "--amend", "--no-edit");
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

    private static (string Path, string Content)[] Files(string fixture)
    {
        var root = Path.Combine(Repository.Root, "tests", "fixtures", fixture);
        return [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => (Path.GetRelativePath(root, file), File.ReadAllText(file)))];
    }
}
