using BuildKit.Versioning;

namespace BuildKit.Tests.Versioning;

public sealed class VersionSourceSpecs
{
    private const string Sha = "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5";
    private const string Stamp = "20261121.234510.git1a2b3c4";
    private static readonly DateTimeOffset CommitTime = new(2026, 11, 21, 23, 45, 10, TimeSpan.Zero);
    private static readonly VersionSource PackageJson = VersionSource.TryParse("package.json", "package.json")!;

    /// <summary>A fork of Grafana 6.5 with tags of its own, as thingspin/grafana is: its v3.0.0 is Grafana 6.5.0's code.</summary>
    private static SourceFacts Fork(string? stated = "6.5.0-pre", string[]? tags = null) =>
        new("v3.0.0", Sha, CommitTime, [.. tags ?? ["v3.0.0"]], "v3.0.0", 0, stated);

    [Fact]
    public void A_fork_with_its_own_tags_versioned_from_its_package_json_sorts_with_upstreams_rpms_not_below_them()
    {
        // Act
        var byTag = VersionPolicy.Compute(Fork());
        var byTree = VersionPolicy.Compute(Fork(), source: PackageJson);

        // Assert
        byTag.Version.Should().Be("3.0.0", "the fork's own tag, which is what version-from: package.json is for");
        byTree.Version.Should().Be($"6.5.0~~{Stamp}");
        byTree.Kind.Should().Be(VersionKind.Snapshot);
        byTree.Reason.Should().Contain("package.json").And.Contain("version-from");
        RpmVersionComparer.Instance.Compare(byTree.Evr(), new Evr(null, "6.4.4", "1")).Should().BePositive();
        RpmVersionComparer.Instance.Compare(byTree.Evr(), new Evr(null, "6.5.0", "1")).Should().BeNegative("6.5.0-pre is not 6.5.0 yet");
    }

    [Fact]
    public void A_fork_of_a_released_version_is_a_build_of_that_version_above_it_and_below_the_next()
    {
        // Act
        var version = VersionPolicy.Compute(Fork(stated: "6.5.0"), source: PackageJson);

        // Assert
        version.Version.Should().Be($"6.5.0^{Stamp}");
        RpmVersionComparer.Instance.Compare(version.Evr(), new Evr(null, "6.5.0", "1")).Should().BePositive();
        RpmVersionComparer.Instance.Compare(version.Evr(), new Evr(null, "6.5.1", "1")).Should().BeNegative();
    }

    [Fact]
    public void Later_commits_of_the_fork_sort_above_earlier_ones_with_the_same_stated_version()
    {
        // Arrange
        var later = Fork() with { CommitTime = CommitTime.AddHours(1), Commit = "0" + Sha[1..] };

        // Act
        var first = VersionPolicy.Compute(Fork(), source: PackageJson).Evr();
        var second = VersionPolicy.Compute(later, source: PackageJson).Evr();

        // Assert
        RpmVersionComparer.Instance.Compare(second, first).Should().BePositive();
    }

    [Fact]
    public void A_fixed_version_is_taken_as_a_release_tag_would_be()
    {
        // Act
        var version = VersionPolicy.Compute(Fork(), release: 3, source: VersionSource.TryParse("6.5.0", "package.json"));

        // Assert
        version.ToString().Should().Be("6.5.0-3");
        version.Kind.Should().Be(VersionKind.Release);
    }

    [Fact]
    public void A_tree_that_states_no_version_in_its_file_stops_with_what_to_use_instead()
    {
        // Act
        var act = () => VersionPolicy.Compute(Fork(stated: null), source: PackageJson);

        // Assert
        act.Should().Throw<BuildKitException>().Where(e => e.ExitCode == BuildKitException.BadInput)
            .WithMessage("version-from: package.json, but the tree at 1a2b3c4 states no version there*version-from: tag*");
    }

    [Theory]
    [InlineData("tag", VersionSourceKind.Tag)]
    [InlineData("package.json", VersionSourceKind.Tree)]
    [InlineData("6.5.0", VersionSourceKind.Fixed)]
    [InlineData("1.6.0-rc1", VersionSourceKind.Fixed)]
    [InlineData("v6.5.0", VersionSourceKind.Fixed)]
    public void Version_from_reads_the_keyword_the_recipes_version_file_or_a_version(string text, VersionSourceKind kind)
    {
        // Act
        var source = VersionSource.TryParse(text, "package.json");

        // Assert
        source!.Kind.Should().Be(kind);
    }

    [Theory]
    [InlineData("CMakeLists.txt")]
    [InlineData("latest")]
    [InlineData("tree")]
    public void Anything_else_is_not_a_version_source(string text)
    {
        // Act
        var source = VersionSource.TryParse(text, "package.json");

        // Assert
        source.Should().BeNull();
    }
}
