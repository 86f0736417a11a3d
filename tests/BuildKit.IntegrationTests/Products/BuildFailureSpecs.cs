using BuildKit.Pipeline;

namespace BuildKit.IntegrationTests.Products;

/// <summary>How a build that fails in the builder is reported through the real pipeline: the tool's words, not the script.</summary>
public sealed class BuildFailureSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task A_hotspot_tree_needing_a_cmake_package_the_builder_lacks_fails_in_Build_naming_the_package_the_builder_and_the_log()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        var cmakeLists = Path.Combine(upstream.Work, "CMakeLists.txt");
        var text = await File.ReadAllTextAsync(cmakeLists);
        await upstream.CommitAsync("needs NoSuchThing", ("CMakeLists.txt", text.Replace("find_package(ECM", "find_package(NoSuchThing CONFIG REQUIRED)\nfind_package(ECM")));
        await upstream.PushAsync();
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "main"));

        // Act
        var act = () => run.PackageAsync();

        // Assert
        var message = (await act.Should().ThrowAsync<RunFailedException>()).Which.Message;
        message.Should().StartWith("hotspot/Build: step 'build' failed (exit 1) in the debian-12 hotspot-qt5 builder:\n    CMake Error at CMakeLists.txt:")
            .And.MatchRegex(@"\n    CMake Error at CMakeLists\.txt:\d+ \(find_package\):\n      Could not find a package configuration file provided by ""NoSuchThing"" with\n")
            .And.Contain("\n  next: cmake did not find NoSuchThing in the builder. Install the development package that provides it in the builder")
            .And.EndWith($"\n  log:  {_temp.Combine("artifacts", "logs", "hotspot", "build.log")}")
            .And.NotContain("bash -c").And.NotContain("cmake --build");
        File.ReadAllText(_temp.Combine("artifacts", "logs", "hotspot", "build.log")).Should().Contain("bash -c", "the script stays in the log");
    }
}
