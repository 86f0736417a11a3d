using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class SbomSummarySpecs
{
    [Fact]
    public void The_summary_counts_components_by_ecosystem_lists_the_licences_and_names_what_declares_none()
    {
        // Arrange
        using var tree = SbomFixture.NpmTree("package-lock.json");
        var sbom = Inventory.Of(SbomFixture.Record(), new InventoryInputs(tree.Path, new Dictionary<string, string>(), tree.Path, ""), SbomFixture.GoModules());

        // Act
        var summary = SbomSummary.Of(SpdxDocument.Write(sbom, new SbomPackage("grafana")));

        // Assert
        summary.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "generic: 1 shipped, 0 build-only",
            "github: 1 shipped, 0 build-only",
            "golang: 2 shipped, 0 build-only",
            "npm: 4 shipped, 3 build-only",
            "licences: MIT (4)",
            $"no licence declared (4): example.org/greet v1.2.0, example.org/shout v0.3.1, kddockwidgets 1.7.0, perfparser {new string('b', 40)}");
    }

    [Fact]
    public void A_long_list_of_components_without_a_licence_is_cut_short_with_how_many_more_there_are()
    {
        // Arrange
        var record = SbomFixture.Record() with { Submodules = [] };
        var sbom = new BuildSbom(record with { Bundled = [] }, "MIT",
            [.. Enumerable.Range(0, 25).Select(i => new Component(Ecosystem.Npm, $"package-{i:00}", "1.0.0", Purls.Npm($"package-{i:00}", "1.0.0")))]);

        // Act
        var summary = SbomSummary.Of(SpdxDocument.Write(sbom, new SbomPackage("grafana")));

        // Assert
        summary.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Should().EndWith("package-19 1.0.0, and 5 more").And.StartWith("no licence declared (25): package-00 1.0.0,");
    }
}
