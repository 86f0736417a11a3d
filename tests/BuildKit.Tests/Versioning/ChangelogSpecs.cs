using BuildKit.Configuration;
using BuildKit.Versioning;

namespace BuildKit.Tests.Versioning;

public sealed class ChangelogSpecs
{
    private static readonly PackageVersion Version = new(null, "1.6.0^20261128.120000.git591eec8", 1, VersionKind.Snapshot, "tree");

    private static SourceFacts Facts(int count, params string[] changes) =>
        new SourceFacts("main", "591eec8aa00000000000000000000000000000000", new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), [])
        {
            Changes = [.. changes],
            ChangeCount = count,
            ChangesSince = "v1.6.0",
        };

    [Fact]
    public void The_entry_is_dated_by_the_commit_and_names_each_upstream_commit_with_its_short_id()
    {
        // Act
        var text = Changelog.Text(Facts(2, "591eec8aa0000000000000000000000000000000 Fix the flame graph's colours", "1234567bb0000000000000000000000000000000 Add a knob"),
            Version, "Jane Doe <jane@example.org>");

        // Assert
        text.Should().Be("""
            * Sat Nov 28 2026 Jane Doe <jane@example.org> - 1.6.0^20261128.120000.git591eec8-1
            - Fix the flame graph's colours (591eec8)
            - Add a knob (1234567)

            """.Replace("\r", ""));
    }

    [Fact]
    public void Commits_beyond_the_newest_are_counted_from_their_tag()
    {
        // Act
        var text = Changelog.Text(Facts(60, "591eec8aa0000000000000000000000000000000 Newest"), Version, Changelog.DefaultAuthor);

        // Assert
        text.Should().EndWith("- Newest (591eec8)\n- and 59 earlier commits since v1.6.0\n");
    }

    [Fact]
    public void A_build_with_no_upstream_commit_to_name_says_which_commit_it_is()
    {
        // Act
        var text = Changelog.Text(Facts(0), Version, Changelog.DefaultAuthor);

        // Assert
        text.Should().EndWith("- Built from upstream commit 591eec8\n");
    }

    [Theory]
    [InlineData("Jane Doe <jane@example.org>", true)]
    [InlineData("jane@example.org", false)]
    [InlineData("Jane <not an address>", false)]
    public void The_author_must_be_a_name_and_an_address_in_angle_brackets(string author, bool accepted)
    {
        // Act
        var act = () => Changelog.CheckAuthor(author);

        // Assert
        if (accepted) act.Should().NotThrow();
        else act.Should().Throw<ConfigurationException>().WithMessage("*is not NAME <EMAIL>*--changelog-author=\"Jane Doe <jane@example.org>\"*");
    }
}
