using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Tests.Containers;

public sealed class StepFailedExceptionSpecs
{
    private const string Builder = "buildkit-builder-debian-12-hotspot-qt5:0123456789abcdef";
    private const string Script = "cmake -S /src -B /build -G Ninja\ncmake --build /build --parallel 2";

    private static Task<ProcessResult> RunFailingStepAsync(string output)
    {
        var runner = new RecordingProcessRunner().Answer(" exec ", exitCode: 1, standardError: output);
        var container = new BuilderContainer(new ContainerEngine("docker"), runner, HostUser.Root, "buildkit-hotspot-container", new LogStep("hotspot", "container"));
        return container.RunAsync(new ContainerStep(new LogStep("hotspot", "build"), Builder, Script, "/src"), CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_step_names_the_step_exit_code_and_builder_and_quotes_what_cmake_said_with_a_hint_not_the_script()
    {
        // Arrange
        const string output = """
            -- The CXX compiler identification is GNU 12.2.0
            CMake Error at CMakeLists.txt:21 (find_package):
              Could not find a package configuration file provided by "KDDockWidgets"
              with any of the following names:

                KDDockWidgetsConfig.cmake
                kddockwidgets-config.cmake

            -- Configuring incomplete, errors occurred!
            """;

        // Act
        var act = () => RunFailingStepAsync(output);

        // Assert
        var error = (await act.Should().ThrowAsync<StepFailedException>()).Which;
        error.ProcessExitCode.Should().Be(1);
        error.Message.Should().StartWith("""
            step 'build' failed (exit 1) in the debian-12 hotspot-qt5 builder:
                CMake Error at CMakeLists.txt:21 (find_package):
                  Could not find a package configuration file provided by "KDDockWidgets"
                  with any of the following names:
              next: cmake did not find KDDockWidgets in the builder.
            """.ReplaceLineEndings("\n"))
            .And.NotContain("cmake --build").And.NotContain("docker").And.NotContain("Configuring incomplete");
    }

    [Fact]
    public async Task A_failed_step_no_known_tool_explains_quotes_its_last_lines()
    {
        // Arrange
        var output = string.Join('\n', Enumerable.Range(1, 60).Select(i => $"compiling unit {i}")) + "\nsomething broke\n";

        // Act
        var act = () => RunFailingStepAsync(output);

        // Assert
        var error = (await act.Should().ThrowAsync<StepFailedException>()).Which;
        error.Message.Should().StartWith("step 'build' failed (exit 1) in the debian-12 hotspot-qt5 builder; the last lines of its output:\n    compiling unit 47")
            .And.EndWith("    something broke").And.NotContain("compiling unit 46\n").And.NotContain("next:");
    }
}
