using BuildKit.Processes;

namespace BuildKit.Tests;

public sealed class BuildScriptSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Relative_paths_on_the_command_line_are_taken_from_where_build_sh_was_started()
    {
        // Arrange
        _temp.File("mine/products.yaml", $"""
            products:
              grafana: {"{"} repo: "file:///nowhere/grafana.git", ref: main, recipe: grafana, spec: "{Path.Combine(Repository.Root, "specs", "grafana.spec")}" {"}"}
            """);
        var command = new ToolCommand(Path.Combine(Repository.Root, "build.sh"), "--target=Plan", "--config=mine/products.yaml", "--artifacts=out")
            .InDirectory(_temp.Path) with { Quiet = true };

        // Act
        var result = await new ProcessRunner(new RecordingLog()).RunAsync(command);

        // Assert
        result.StandardOutput.Should().Contain($"products:     {_temp.Combine("mine", "products.yaml")}")
            .And.Contain(_temp.Combine("out", "rpms"));
    }

    [Fact]
    public async Task Every_product_that_fails_is_reported_with_its_product_and_stage_and_the_run_exits_non_zero()
    {
        // Arrange
        _temp.File("products.yaml", $"""
            products:
              grafana: {"{"} repo: "file:///nowhere/grafana.git", ref: main, recipe: grafana, spec: "{Path.Combine(Repository.Root, "specs", "grafana.spec")}" {"}"}
              hotspot: {"{"} repo: "file:///nowhere/hotspot.git", ref: main, recipe: hotspot, spec: "{Path.Combine(Repository.Root, "specs", "hotspot.spec")}" {"}"}
            """);
        var command = new ToolCommand(Path.Combine(Repository.Root, "build.sh"), "--target=Fetch", "--config=products.yaml", "--artifacts=out", "--cache-dir=cache")
            .InDirectory(_temp.Path) with { Quiet = true, AcceptsFailure = true };

        // Act
        var result = await new ProcessRunner(new RecordingLog()).RunAsync(command);

        // Assert
        result.ExitCode.Should().NotBe(0);
        var output = result.StandardOutput + result.StandardError;
        output.Should().Contain("2 products failed:")
            .And.MatchRegex(@"(?m)^grafana/Fetch: The repository file:///nowhere/grafana\.git does not exist or cannot be read")
            .And.MatchRegex(@"(?m)^hotspot/Fetch: The repository file:///nowhere/hotspot\.git does not exist or cannot be read");
    }
}
