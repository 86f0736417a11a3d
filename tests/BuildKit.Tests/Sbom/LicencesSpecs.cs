using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class LicencesSpecs
{
    [Fact]
    public void A_submodule_s_licence_is_the_one_its_reuse_folder_names_and_several_are_named_in_its_comment_only()
    {
        // Arrange
        using var tree = TempDir.Create();
        tree.File("3rdparty/perfparser/LICENSES/GPL-3.0-only.txt", "...");
        tree.File("3rdparty/labels/LICENSES/GPL-2.0-only.txt", "...");
        tree.File("3rdparty/labels/LICENSES/BSD-3-Clause.txt", "...");
        tree.File("3rdparty/plain/LICENSE.GPLv3", "...");
        var record = SbomFixture.Record("hotspot") with
        {
            Submodules = [.. ((string[])["perfparser", "labels", "plain"]).Select(name => new BuildKit.Records.SubmoduleEntry($"3rdparty/{name}", $"https://github.com/KDAB/{name}.git", new string('b', 40)))],
            Bundled = [],
        };

        // Act
        var components = SourceComponents.Of(record, tree.Path, new Dictionary<string, string>());

        // Assert
        components.Select(c => $"{c.Name} {c.Licence}").Should().Equal("labels NOASSERTION", "perfparser GPL-3.0-only", "plain NOASSERTION");
        components[0].Comment.Should().StartWith("LICENSES/ names BSD-3-Clause, GPL-2.0-only:");
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
