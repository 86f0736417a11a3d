using BuildKit.Products;
using BuildKit.Stages.Build;

namespace BuildKit.Tests.Stages.Build;

public sealed class StepOutputCacheSpecs : IDisposable
{
    private const string Image = "sha256:1111";
    private static readonly RecipeStep Frontend = new("frontend", "yarn run build", new StepReuse(["*.go", "go.mod"], ["public/build"]));
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private string Tree(string name, string goSource = "package main", string packageJson = "{}")
    {
        var tree = _temp.Combine(name);
        _temp.File(Path.Combine(name, "package.json"), packageJson);
        _temp.File(Path.Combine(name, "public", "app", "index.ts"), "export {}");
        _temp.File(Path.Combine(name, "pkg", "server", "server.go"), goSource);
        _temp.File(Path.Combine(name, "go.mod"), "module example");
        return tree;
    }

    [Fact]
    public void A_change_to_ignored_files_only_keeps_the_key()
    {
        // Act
        var before = StepOutputCache.Key(Tree("a"), Image, Frontend);
        var after = StepOutputCache.Key(Tree("b", goSource: "package main // one-line change"), Image, Frontend);

        // Assert
        after.Should().Be(before);
    }

    [Fact]
    public void A_change_to_any_other_file_the_script_or_the_builder_changes_the_key()
    {
        // Arrange
        var key = StepOutputCache.Key(Tree("a"), Image, Frontend);

        // Act
        var otherInput = StepOutputCache.Key(Tree("b", packageJson: """{ "version": "2" }"""), Image, Frontend);
        var otherScript = StepOutputCache.Key(Tree("c"), Image, Frontend with { Script = "yarn run build --stats" });
        var otherImage = StepOutputCache.Key(Tree("d"), "sha256:2222", Frontend);

        // Assert
        new[] { otherInput, otherScript, otherImage }.Should().OnlyHaveUniqueItems().And.NotContain(key);
    }

    [Fact]
    public void A_step_reading_named_inputs_only_keeps_its_key_when_other_files_and_function_bodies_change_but_not_when_an_import_does()
    {
        // Arrange
        var vendor = new RecipeStep("vendor", "go mod vendor", new StepReuse([], [".buildkit-vendor"]) { Inputs = ["*go.mod", "*package.json"], Digest = GoImports.Digest });
        const string server = "package server\n\nimport (\n\t\"net/http\"\n)\n\nfunc Run() { http.ListenAndServe(\":3000\", nil) }\n";
        var key = StepOutputCache.Key(Tree("a", goSource: server), Image, vendor);

        // Act
        var otherFilesAndBody = Tree("b", goSource: server.Replace(":3000", ":3001"));
        _temp.File("b/public/app/index.ts", "export const changed = 1");
        var otherImport = StepOutputCache.Key(Tree("c", goSource: server.Replace("\"net/http\"", "\"net/http\"\n\t\"github.com/lib/pq\"")), Image, vendor);
        var otherManifest = StepOutputCache.Key(Tree("d", goSource: server, packageJson: """{ "version": "2" }"""), Image, vendor);

        // Assert
        StepOutputCache.Key(otherFilesAndBody, Image, vendor).Should().Be(key);
        new[] { otherImport, otherManifest }.Should().OnlyHaveUniqueItems().And.NotContain(key);
    }

    [Fact]
    public void A_file_becoming_executable_changes_the_key()
    {
        // Arrange
        var tree = Tree("a");
        var key = StepOutputCache.Key(tree, Image, Frontend);

        // Act
        File.SetUnixFileMode(Path.Combine(tree, "package.json"), File.GetUnixFileMode(Path.Combine(tree, "package.json")) | UnixFileMode.UserExecute);

        // Assert
        StepOutputCache.Key(tree, Image, Frontend).Should().NotBe(key);
    }

    [Fact]
    public void Saved_outputs_are_restored_into_a_fresh_tree_replacing_what_was_there()
    {
        // Arrange
        var cache = new StepOutputCache(_temp.Combine("cache"));
        var built = Tree("built");
        _temp.File("built/public/build/app.123.js", "bundle");
        _temp.File("built/public/build/img/logo.svg", "<svg/>");
        var key = StepOutputCache.Key(built, Image, Frontend);
        cache.Save("grafana", Frontend, key, built);
        var fresh = Tree("fresh");
        _temp.File("fresh/public/build/stale.js", "stale");

        // Act
        var restored = cache.TryRestore("grafana", Frontend, key, fresh);

        // Assert
        restored.Should().BeTrue();
        File.ReadAllText(Path.Combine(fresh, "public", "build", "app.123.js")).Should().Be("bundle");
        File.ReadAllText(Path.Combine(fresh, "public", "build", "img", "logo.svg")).Should().Be("<svg/>");
        File.Exists(Path.Combine(fresh, "public", "build", "stale.js")).Should().BeFalse();
    }

    [Fact]
    public void Without_an_entry_for_the_key_nothing_is_restored()
    {
        // Arrange
        var tree = Tree("a");

        // Act
        var restored = new StepOutputCache(_temp.Combine("cache")).TryRestore("grafana", Frontend, "0123456789abcdef01234567", tree);

        // Assert
        restored.Should().BeFalse();
        Directory.Exists(Path.Combine(tree, "public", "build")).Should().BeFalse();
    }

    [Fact]
    public void Only_the_newest_entries_of_a_step_are_kept()
    {
        // Arrange
        var cache = new StepOutputCache(_temp.Combine("cache"));
        var tree = Tree("a");
        _temp.File("a/public/build/app.js", "bundle");

        // Act
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            cache.Save("grafana", Frontend, key, tree);
            Thread.Sleep(20);
        }

        // Assert
        Directory.GetDirectories(_temp.Combine("cache", "steps", "grafana", "frontend")).Select(Path.GetFileName)
            .Should().BeEquivalentTo(["k2", "k3"], $"{StepOutputCache.Kept} entries are kept");
    }

    [Fact]
    public void A_step_that_did_not_make_its_outputs_fails_naming_the_step_and_its_log()
    {
        // Arrange
        var tree = Tree("a");

        // Act
        var save = () => new StepOutputCache(_temp.Combine("cache")).Save("grafana", Frontend, "k1", tree);

        // Assert
        save.Should().Throw<RecipeException>().WithMessage("*grafana step 'frontend' finished without making public/build*artifacts/logs/grafana/frontend.log*");
        Directory.Exists(_temp.Combine("cache", "steps", "grafana", "frontend", "k1")).Should().BeFalse();
    }
}
