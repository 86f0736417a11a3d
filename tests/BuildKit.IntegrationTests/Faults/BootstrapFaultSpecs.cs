using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Faults;

/// <summary>What build.sh itself ends before Cake starts: an engine whose source does not compile.</summary>
public sealed class BootstrapFaultSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_engine_source_that_does_not_compile_ends_build_sh_with_exit_2_after_the_compilers_error()
    {
        // Arrange: a copy of this checkout with one source broken
        var checkout = _temp.Combine("checkout");
        await Repository.CopyFilesToAsync(checkout);
        File.AppendAllText(Path.Combine(checkout, "src", "BuildKit", "Products", "HotspotRecipe.cs"), "\nnot C#\n");

        // Act
        var result = await new ProcessRunner(new RecordingLog()).RunAsync(
            new ToolCommand(Path.Combine(checkout, "build.sh"), "--target=Plan") with { Quiet = true, AcceptsFailure = true });

        // Assert
        result.ExitCode.Should().Be(2);
        (result.StandardOutput + result.StandardError).Should().Contain("HotspotRecipe.cs").And.Contain("error CS")
            .And.Contain("build.sh: the engine (src/BuildKit) does not build; see the errors above.");
    }
}
