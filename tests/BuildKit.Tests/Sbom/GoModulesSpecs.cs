using BuildKit.Processes;
using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class GoModulesSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private const string BuildInfo = """
        /stage/bin/grafana: go1.25.1
        	path	github.com/grafana/grafana/pkg/cmd/grafana
        	mod	github.com/grafana/grafana	(devel)	
        	dep	github.com/beorn7/perks	v1.0.1	h1:VlbKKnNfV8bJzeqoa4cOKqO6bYr3WgKZxO8Z16+hsOM=
        	dep	github.com/golang/snappy	v0.0.4	h1:yAGX7huGHXlcLOEtBnF4w7FQwA26wojNCwOYAEhLjQM=
        	=>	github.com/golang/snappy	v0.0.5	h1:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ=
        	dep	github.com/grafana/local	v0.0.0-00010101000000-000000000000	
        	=>	./pkg/local		
        	build	-compiler=gc
        /stage/bin/grafana-cli: go1.25.1
        	path	github.com/grafana/grafana/pkg/cmd/grafana-cli
        	mod	github.com/grafana/grafana	(devel)	
        	dep	github.com/beorn7/perks	v1.0.1	h1:VlbKKnNfV8bJzeqoa4cOKqO6bYr3WgKZxO8Z16+hsOM=
        """;

    [Fact]
    public void The_modules_linked_into_every_binary_are_listed_once_each_as_linked_replacements_included()
    {
        // Act
        var modules = GoModules.FromBuildInfo(BuildInfo, _temp.Path)!;

        // Assert
        modules.Select(m => $"{m.Name} {m.Version} {m.Purl}").Should().Equal(
            "github.com/beorn7/perks v1.0.1 pkg:golang/github.com/beorn7/perks@v1.0.1",
            "github.com/golang/snappy v0.0.5 pkg:golang/github.com/golang/snappy@v0.0.5",
            "github.com/grafana/local v0.0.0-00010101000000-000000000000 pkg:golang/github.com/grafana/local@v0.0.0-00010101000000-000000000000");
        modules[0].Comment.Should().Be("go.sum h1:VlbKKnNfV8bJzeqoa4cOKqO6bYr3WgKZxO8Z16+hsOM=");
        modules[0].Checksums.Should().BeEmpty("an h1: hash is no SPDX checksum algorithm");
        modules[2].Comment.Should().Be("replaced by the local folder ./pkg/local");
    }

    [Fact]
    public void Binaries_without_module_information_say_so_and_the_tree_s_vendored_modules_stand_in_with_their_go_sum_hashes()
    {
        // Arrange
        var tree = SbomFixture.Fixture("go");

        // Act
        var fromBinaries = GoModules.FromBuildInfo("/stage/bin/grafana-server: go1.12.17\n", tree);
        var fromTree = GoModules.FromTree(tree);

        // Assert
        fromBinaries.Should().BeNull();
        fromTree.Select(m => $"{m.Name} {m.Version}").Should().Equal("example.org/greet v1.2.0", "example.org/shout v0.3.1");
        fromTree[0].Comment.Should().Be($"go.sum {File.ReadLines(Path.Combine(tree, "go.sum")).First().Split(' ')[2]}");
    }

    [Fact]
    public void A_tree_with_no_vendor_folder_gives_the_requires_of_its_go_mod()
    {
        // Arrange
        _temp.File("go.mod", """
            module example.org/app

            go 1.12

            require github.com/pkg/errors v0.8.1 // indirect
            require (
            	golang.org/x/net v0.0.0-20190620200207-3b0461eec859
            	gopkg.in/yaml.v2 v2.2.2
            )
            """);

        // Act
        var modules = GoModules.FromTree(_temp.Path);

        // Assert
        modules.Select(m => m.Purl).Should().Equal(
            "pkg:golang/github.com/pkg/errors@v0.8.1",
            "pkg:golang/golang.org/x/net@v0.0.0-20190620200207-3b0461eec859",
            "pkg:golang/gopkg.in/yaml.v2@v2.2.2");
    }

    [ToolFact("go")]
    public async Task A_real_binary_built_from_two_vendored_modules_lists_exactly_those_two()
    {
        // Arrange
        var binary = await BuildFixtureAsync(_temp);

        // Act
        var buildInfo = await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("go", "version", "-m", binary) { Quiet = true });
        var modules = GoModules.FromBuildInfo(buildInfo.StandardOutput, SbomFixture.Fixture("go"))!;

        // Assert
        modules.Select(m => $"{m.Purl} {m.Comment}").Should().Equal(
            SbomFixture.GoModules().Select((m, i) => $"{m.Purl} go.sum {File.ReadLines(Path.Combine(SbomFixture.Fixture("go"), "go.sum")).Where(l => !l.Contains("/go.mod")).ElementAt(i).Split(' ')[2]}"));
    }

    /// <summary>Builds tests/fixtures/sbom/go offline (its modules are vendored) into <paramref name="temp"/>; the binary's path.</summary>
    public static async Task<string> BuildFixtureAsync(TempDir temp)
    {
        var binary = temp.Combine("hello");
        // No -trimpath: the build then takes the standard library Debian's Go ships compiled, seconds instead of a minute.
        await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("go", "build", "-mod=vendor", "-buildvcs=false", "-o", binary, ".") { Quiet = true }
            .InDirectory(SbomFixture.Fixture("go")).WithEnvironment("GOPROXY", "off").WithEnvironment("GOFLAGS", "-mod=vendor"));
        return binary;
    }
}
