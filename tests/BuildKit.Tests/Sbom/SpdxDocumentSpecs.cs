using System.Text.Json;
using BuildKit.Processes;
using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class SpdxDocumentSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private static readonly SbomPackage Rpm = new("grafana", "grafana-12.2.0-1.fc43.x86_64.rpm", new string('9', 64));

    private static BuildSbom Sbom(IReadOnlyList<Component> go, string tree) =>
        Inventory.Of(SbomFixture.Record(), new InventoryInputs(tree, new Dictionary<string, string>(), tree, Path.Combine(Repository.Root, "specs", "grafana.spec")), go);

    [ToolFact("go")]
    public async Task A_go_binary_with_two_modules_and_an_npm_lockfile_give_a_valid_spdx_document_listing_exactly_those_components()
    {
        // Arrange
        using var tree = SbomFixture.NpmTree("yarn-berry.lock");
        var binary = await GoModulesSpecs.BuildFixtureAsync(_temp);
        var buildInfo = await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("go", "version", "-m", binary) { Quiet = true });

        // Act
        var json = SpdxDocument.Write(Sbom(GoModules.FromBuildInfo(buildInfo.StandardOutput, tree.Path)!, tree.Path), Rpm);

        // Assert
        SchemaCheck.Errors(SchemaCheck.Spdx, json).Should().BeEmpty();
        var packages = JsonDocument.Parse(json).RootElement.GetProperty("packages").EnumerateArray().ToList();
        packages.Skip(2).Select(p => p.GetProperty("externalRefs")[0].GetProperty("referenceLocator").GetString()).Should().Equal(
            "pkg:golang/example.org/greet@v1.2.0", "pkg:golang/example.org/shout@v0.3.1",
            "pkg:npm/%40emotion/hash@0.9.1", "pkg:npm/%40types/node@20.10.0", "pkg:npm/js-tokens@4.0.0", "pkg:npm/loose-envify@1.4.0",
            "pkg:npm/react@18.2.0", "pkg:npm/typescript@5.3.3", "pkg:npm/undici-types@5.26.5",
            "pkg:generic/kddockwidgets@1.7.0?vcs_url=" + Uri.EscapeDataString("git+https://git.example.org/kdab/KDDockWidgets.git@" + new string('f', 40)),
            "pkg:github/kdab/perfparser@" + new string('b', 40));
    }

    [Fact]
    public void The_package_is_described_with_its_rpm_s_sha256_and_generated_from_the_upstream_commit_and_build_only_packages_are_dev_dependencies()
    {
        // Arrange
        using var tree = SbomFixture.NpmTree("package-lock.json");

        // Act
        var document = JsonDocument.Parse(SpdxDocument.Write(Sbom(SbomFixture.GoModules(), tree.Path), Rpm)).RootElement;

        // Assert
        var package = document.GetProperty("packages")[0];
        package.GetProperty("packageFileName").GetString().Should().Be(Rpm.FileName);
        package.GetProperty("versionInfo").GetString().Should().Be("12.2.0-1");
        package.GetProperty("checksums")[0].GetProperty("checksumValue").GetString().Should().Be(Rpm.Sha256);
        package.GetProperty("licenseDeclared").GetString().Should().Be("AGPL-3.0-only AND MIT");
        document.GetProperty("packages")[1].GetProperty("downloadLocation").GetString().Should().Be($"git+https://github.com/grafana/grafana.git@{new string('a', 40)}");
        var relationships = document.GetProperty("relationships").EnumerateArray()
            .Select(r => r.GetProperty("relationshipType").GetString()).GroupBy(t => t).ToDictionary(g => g.Key!, g => g.Count());
        relationships.Should().BeEquivalentTo(new Dictionary<string, int> { ["DESCRIBES"] = 1, ["GENERATED_FROM"] = 1, ["CONTAINS"] = 8, ["DEV_DEPENDENCY_OF"] = 3 });
    }

    [Fact]
    public void The_same_build_gives_the_same_bytes_dated_by_its_source_date_epoch_with_a_namespace_named_after_its_content()
    {
        // Arrange
        using var first = SbomFixture.NpmTree("yarn-v1.lock");
        using var second = SbomFixture.NpmTree("yarn-v1.lock");

        // Act
        var once = SpdxDocument.Write(Sbom(SbomFixture.GoModules(), first.Path), Rpm);
        var again = SpdxDocument.Write(Sbom(SbomFixture.GoModules(), second.Path), Rpm);
        var otherRpm = SpdxDocument.Write(Sbom(SbomFixture.GoModules(), second.Path), Rpm with { Sha256 = new string('8', 64) });

        // Assert
        again.Should().Be(once);
        var document = JsonDocument.Parse(once).RootElement;
        document.GetProperty("creationInfo").GetProperty("created").GetString().Should().Be("2025-11-24T16:00:00Z");
        document.GetProperty("documentNamespace").GetString().Should().MatchRegex("^https://spdx.org/spdxdocs/buildkit/grafana-12.2.0-1.fc43.x86_64.rpm-[0-9a-f]{64}$");
        JsonDocument.Parse(otherRpm).RootElement.GetProperty("documentNamespace").GetString().Should().NotBe(document.GetProperty("documentNamespace").GetString());
    }

    [Fact]
    public void The_copy_inside_the_rpm_names_no_file_and_validates_too()
    {
        // Arrange
        using var tree = SbomFixture.NpmTree("yarn-v1.lock");

        // Act
        var json = SpdxDocument.Write(Sbom([], tree.Path), new SbomPackage("grafana"));

        // Assert
        SchemaCheck.Errors(SchemaCheck.Spdx, json).Should().BeEmpty();
        JsonDocument.Parse(json).RootElement.GetProperty("packages")[0].TryGetProperty("checksums", out _).Should().BeFalse();
    }
}
