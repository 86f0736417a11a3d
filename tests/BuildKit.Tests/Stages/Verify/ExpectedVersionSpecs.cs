using BuildKit.Stages.Verify;
using BuildKit.Versioning;

namespace BuildKit.Tests.Stages.Verify;

public sealed class ExpectedVersionSpecs
{
    private static PackageVersion Release(string version) => new(null, version, 1, VersionKind.Release, "tagged");
    private static PackageVersion Snapshot(string version) => new(null, version, 1, VersionKind.Snapshot, "snapshot");

    [Fact]
    public void The_version_line_is_found_past_a_warning_qt_prints_first_in_a_container()
    {
        // Arrange
        var expected = ExpectedVersion.Of(Release("1.3.0"), "1.3.0");

        // Act
        var line = expected.Find("QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'\nhotspot 1.3.0\n");

        // Assert
        line.Should().Be(new VersionLine("hotspot 1.3.0", true));
    }

    [Theory]
    [InlineData("12.2.0~beta1", "grafana version 12.2.0-beta1 (commit: 0e4b6f1c0b, branch: HEAD)")]
    [InlineData("11.3.0^security_01", "grafana version 11.3.0+security-01 (commit: 0e4b6f1c0b, branch: HEAD)")]
    [InlineData("6.5.0", "Version 6.5.0 (commit: unknown-dev, branch: master)")]
    [InlineData("1.5.0", "hotspot 1.5")]
    public void A_release_matches_the_program_printing_its_upstream_part_in_its_own_form(string rpmVersion, string printed)
    {
        // Act
        var line = ExpectedVersion.Of(Release(rpmVersion), null).Find(printed);

        // Assert
        line.Should().Be(new VersionLine(printed, true));
    }

    [Theory]
    [InlineData("1.6.80^20260412.120000.git1234abc", "1.6.80", "hotspot 1.6.80")]
    [InlineData("12.3.0~~20260101.120000.gitabcdef0", "12.3.0-pre", "grafana version 12.3.0-pre (commit: abcdef0)")]
    [InlineData("1.3.1^20260412.120000.git1234abc", "1.3.0", "hotspot 1.3.0")]
    public void A_snapshot_matches_its_upstream_part_or_the_version_its_tree_states(string rpmVersion, string stated, string printed)
    {
        // Act
        var line = ExpectedVersion.Of(Snapshot(rpmVersion), stated).Find(printed);

        // Assert
        line.Matches.Should().BeTrue();
    }

    [Fact]
    public void Another_version_than_the_one_built_does_not_match_and_names_the_line_that_carries_it()
    {
        // Arrange
        var expected = ExpectedVersion.Of(Release("1.4.0"), "1.3.80");

        // Act
        var line = expected.Find("QStandardPaths: XDG_RUNTIME_DIR not set\nhotspot 1.3.80\n");

        // Assert
        line.Should().Be(new VersionLine("hotspot 1.3.80", false));
        expected.Described.Should().Be("1.4.0", "a release is held to its tag");
    }

    [Fact]
    public void Output_without_any_version_does_not_match_and_shows_what_was_printed()
    {
        // Act
        var line = ExpectedVersion.Of(Release("1.2.0"), null).Find("hello, world\n");

        // Assert
        line.Should().Be(new VersionLine("hello, world", false));
    }

    [Fact]
    public void A_snapshot_of_a_tree_stating_no_version_has_nothing_to_compare_and_shows_the_first_version_line()
    {
        // Arrange
        var expected = ExpectedVersion.Of(Snapshot("0^20260412.120000.git1234abc"), null);

        // Act
        var line = expected.Find("warming up\nhello 0.0.1-dev\n");

        // Assert
        expected.Accepted.Should().BeEmpty();
        line.Should().Be(new VersionLine("hello 0.0.1-dev", true));
    }
}
