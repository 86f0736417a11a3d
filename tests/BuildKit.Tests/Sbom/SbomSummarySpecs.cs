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
}
