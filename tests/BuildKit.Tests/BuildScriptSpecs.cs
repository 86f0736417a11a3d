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
}
