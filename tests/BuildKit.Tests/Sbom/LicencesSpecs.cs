using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class LicencesSpecs
{
    [Fact]
    public void A_tree_that_follows_reuse_declares_every_licence_of_its_licenses_folder()
    {
        // Arrange
        using var tree = TempDir.Create();
        tree.File("LICENSES/GPL-2.0-or-later.txt", "...");
        tree.File("LICENSES/BSD-3-Clause.txt", "...");
        using var bare = TempDir.Create();
        bare.File("LICENSE.GPLv3", "...");

        // Act
        var declared = Licences.Declared(tree.Path);
        var undeclared = Licences.Declared(bare.Path);

        // Assert
        declared.Should().Be("BSD-3-Clause AND GPL-2.0-or-later");
        undeclared.Should().Be(Component.NoAssertion);
    }

    [Fact]
    public void What_is_no_licence_expression_adds_nothing_to_the_package_s_licence()
    {
        // Arrange
        Component[] shipped =
        [
            new(Ecosystem.Npm, "a", "1", "") { Licence = "SEE LICENSE IN LICENSE.md" },
            new(Ecosystem.Npm, "b", "1", "") { Licence = "MIT" },
            new(Ecosystem.Npm, "c", "1", "") { Licence = "AGPL-3.0-only" },
        ];

        // Act
        var licence = Licences.Covering("AGPL-3.0-only", shipped);

        // Assert
        licence.Should().Be("AGPL-3.0-only AND MIT");
        Licences.Covering("MIT OR Apache-2.0", []).Should().Be("MIT OR Apache-2.0");
    }
}
