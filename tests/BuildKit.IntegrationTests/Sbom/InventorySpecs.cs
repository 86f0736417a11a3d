using System.Collections.Immutable;
using BuildKit.Containers;
using BuildKit.IntegrationTests.Containers;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Records;
using BuildKit.Sbom;

namespace BuildKit.IntegrationTests.Sbom;

public sealed class InventorySpecs(BuilderFixture fixture) : IClassFixture<BuilderFixture>, IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task The_go_modules_linked_into_a_staged_binary_are_read_in_the_builder_and_become_bundled_provides()
    {
        // Arrange
        var tree = Path.Combine(Repository.Root, "tests", "fixtures", "sbom", "go");
        var stage = _temp.Combine("stage");
        Directory.CreateDirectory(stage);
        // No -trimpath: the build then takes the standard library Debian's Go ships compiled, seconds instead of a minute.
        var containers = new ContainerRunner(fixture.Engine, fixture.Runner, HostUser.Current(), null, [], ImmutableDictionary<string, string>.Empty);
        await containers.RunAsync(new ContainerStep(new LogStep("sbom-test", "build"), fixture.Builder.Tag,
                $"GOCACHE=/tmp/go-cache GOPROXY=off go build -mod=vendor -buildvcs=false -o {BuilderPaths.Stage}/usr/bin/hello .", BuilderPaths.Source)
            .WithMount(tree, BuilderPaths.Source, readOnly: true).WithMount(stage, BuilderPaths.Stage), CancellationToken.None);
        var record = new BuildRecord("hello", "1.0.0-1", "debian-12", "https://example.org/hello.git", "v1.0.0", new string('a', 40), "none", [], "go",
            new string('c', 64), fixture.Builder.Tag, fixture.Builder.ImageId, new Dictionary<string, string> { ["go"] = "1.19.8" }, 1764000000, [], new string('e', 64), false);

        // Act
        var sbom = await Inventory.CollectAsync(containers, fixture.Builder.Tag, record,
            new InventoryInputs(tree, new Dictionary<string, string>(), stage, Path.Combine(Repository.Root, "specs", "hotspot.spec")), CancellationToken.None);

        // Assert
        sbom.Components.Select(c => c.Purl).Should().Equal("pkg:golang/example.org/greet@v1.2.0", "pkg:golang/example.org/shout@v0.3.1");
        BundledProvides.Render(sbom).Should().Contain("Provides: bundled(golang(example.org/greet)) = 1.2.0\n").And.Contain("Provides: bundled(golang(example.org/shout)) = 0.3.1\n");
    }
}
