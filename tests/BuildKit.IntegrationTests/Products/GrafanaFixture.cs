namespace BuildKit.IntegrationTests.Products;

/// <summary>The Grafana fixture (tests/fixtures/grafana) as an upstream whose package.json carries the tagged version.</summary>
internal static class GrafanaFixture
{
    public static async Task<GitUpstream> CreateAsync(TempDir temp, string version)
    {
        var grafana = await GitUpstream.CreateAsync(temp, "grafana");
        await grafana.CommitFixtureAsync("grafana", $"grafana {version}",
            (path, text) => path == "package.json" ? text.Replace("\"12.3.0-pre\"", $"\"{version}\"") : text);
        await grafana.TagAsync($"v{version}");
        await grafana.PushAsync();
        return grafana;
    }

    /// <summary>A second release: the default grafana.ini changes, so an upgrade keeps the user's edit and adds .rpmnew.</summary>
    public static async Task ReleaseAsync(GitUpstream grafana, string version)
    {
        var packageJson = File.ReadAllText(Path.Combine(grafana.Work, "package.json"));
        var sample = File.ReadAllText(Path.Combine(grafana.Work, "conf", "sample.ini"));
        await grafana.CommitAsync($"grafana {version}",
            ("package.json", System.Text.RegularExpressions.Regex.Replace(packageJson, "\"version\": \"[^\"]+\"", $"\"version\": \"{version}\"")),
            ("conf/sample.ini", sample + $";instance_name = grafana-{version}\n"));
        await grafana.TagAsync($"v{version}");
        await grafana.PushAsync();
    }

    /// <summary>A copy of specs/grafana.spec (with its sysusers file) changed by <paramref name="edit"/>: a deliberately broken package.</summary>
    public static string SpecVariant(TempDir temp, string name, Func<string, string> edit)
    {
        var folder = temp.Combine("specs-" + name);
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Repository.Root, "specs", "grafana.sysusers"), Path.Combine(folder, "grafana.sysusers"));
        var original = File.ReadAllText(Path.Combine(Repository.Root, "specs", "grafana.spec"));
        var changed = edit(original);
        changed.Should().NotBe(original, "the variant must change the spec");
        return temp.File(Path.Combine("specs-" + name, "grafana.spec"), changed);
    }

    public static string ProductsYaml(string repo, string reference, string? spec = null) => $"""
        products:
          grafana:
            repo: {repo}
            ref: {reference}
            recipe: grafana
            spec: {spec ?? Path.Combine(Repository.Root, "specs", "grafana.spec")}
        """;
}
