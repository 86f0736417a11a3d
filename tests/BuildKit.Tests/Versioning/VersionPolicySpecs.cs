using BuildKit.Versioning;

namespace BuildKit.Tests.Versioning;

public sealed class VersionPolicySpecs
{
    private const string Sha = "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5";
    private static readonly DateTimeOffset CommitTime = new(2026, 11, 21, 23, 45, 10, TimeSpan.Zero);
    private const string Stamp = "20261121.234510.git1a2b3c4";

    private static SourceFacts Facts(
        string requested = "main", string[]? tags = null, string? nearest = null, int distance = 0, string? stated = null) =>
        new(requested, Sha, CommitTime, [.. tags ?? []], nearest, distance, stated);

    public static TheoryData<string, SourceFacts, string, VersionKind> Situations => new()
    {
        { "Grafana release tag", Facts("v11.3.0", ["v11.3.0"]), "11.3.0", VersionKind.Release },
        { "Grafana current release tag", Facts("v12.2.0", ["v12.2.0"], stated: "12.2.0"), "12.2.0", VersionKind.Release },
        { "Grafana beta tag", Facts("v11.3.0-beta1", ["v11.3.0-beta1"]), "11.3.0~beta1", VersionKind.PreRelease },
        { "Grafana dotted rc tag", Facts("v11.3.0-rc.2", ["v11.3.0-rc.2"]), "11.3.0~rc.2", VersionKind.PreRelease },
        { "Grafana security release tag", Facts("v11.3.0+security-01", ["v11.3.0+security-01"]), "11.3.0^security_01", VersionKind.Release },
        { "Grafana legacy v7 tag", Facts("v7.4.3", ["v7.4.3"]), "7.4.3", VersionKind.Release },
        { "Grafana legacy v5 beta tag", Facts("v5.4.0-beta1", ["v5.4.0-beta1"]), "5.4.0~beta1", VersionKind.PreRelease },
        { "Grafana -pre tag", Facts("v12.0.0-pre", ["v12.0.0-pre"]), "12.0.0~pre", VersionKind.PreRelease },
        { "hotspot 1.3.0 tag", Facts("v1.3.0", ["v1.3.0"], stated: "1.3.0"), "1.3.0", VersionKind.Release },
        { "hotspot 1.5.1 tag", Facts("v1.5.1", ["v1.5.1"]), "1.5.1", VersionKind.Release },
        { "tag without a v", Facts("1.4.1", ["1.4.1"]), "1.4.1", VersionKind.Release },
        { "tag with a product prefix", Facts("hotspot-1.3.0", ["hotspot-1.3.0"]), "1.3.0", VersionKind.Release },
        { "upper-case V tag", Facts("V2.0.0", ["V2.0.0"]), "2.0.0", VersionKind.Release },
        { "two-part tag keeps its parts", Facts("v1.5", ["v1.5"]), "1.5", VersionKind.Release },
        { "four-part tag", Facts("v5.0.0.1", ["v5.0.0.1"]), "5.0.0.1", VersionKind.Release },
        { "dash inside a pre-release label", Facts("v3.0.0-beta-2", ["v3.0.0-beta-2"]), "3.0.0~beta_2", VersionKind.PreRelease },
        { "release and rc tags on one commit: the release wins", Facts("main", ["v1.0.0-rc1", "v1.0.0"]), "1.0.0", VersionKind.Release },
        { "commit hash requested, commit is tagged", Facts(Sha[..10], ["v10.4.2"]), "10.4.2", VersionKind.Release },
        { "branch head that is tagged is that release", Facts("v11.3.x", ["v11.3.0"], stated: "11.3.0"), "11.3.0", VersionKind.Release },
        { "non-version tag is ignored", Facts("main", ["latest"], "v1.3.0", 4), $"1.3.0^{Stamp}", VersionKind.Snapshot },
        { "Grafana main with -pre package.json, no tag reachable", Facts(stated: "12.3.0-pre"), $"12.3.0~~{Stamp}", VersionKind.Snapshot },
        { "Grafana main with -pre package.json after last release", Facts(nearest: "v12.2.0", distance: 812, stated: "12.3.0-pre"), $"12.3.0~~{Stamp}", VersionKind.Snapshot },
        { "Grafana main with a build-number package.json", Facts(stated: "12.1.0-12345"), $"12.1.0~~{Stamp}", VersionKind.Snapshot },
        { "release branch bumped to the next patch", Facts("v11.3.x", nearest: "v11.3.0", distance: 3, stated: "11.3.1"), $"11.3.1~~{Stamp}", VersionKind.Snapshot },
        { "release branch after the release, not bumped", Facts("v11.3.x", nearest: "v11.3.0", distance: 2, stated: "11.3.0"), $"11.3.0^{Stamp}", VersionKind.Snapshot },
        { "fork branch after a release tag", Facts("my-fix", nearest: "v11.3.0", distance: 7), $"11.3.0^{Stamp}", VersionKind.Snapshot },
        { "fork branch of hotspot after 1.3.0", Facts("perf-fix", nearest: "v1.3.0", distance: 1, stated: "1.3.0"), $"1.3.0^{Stamp}", VersionKind.Snapshot },
        { "detached commit with nothing to go on", Facts(Sha), $"0^{Stamp}", VersionKind.Snapshot },
        { "nightly after an rc", Facts(nearest: "v11.3.0-rc.2", distance: 5, stated: "11.3.0"), $"11.3.0~rc.2^{Stamp}", VersionKind.Snapshot },
        { "nightly after a beta with the version file ahead", Facts(nearest: "v11.3.0-beta1", distance: 2, stated: "11.3.0-beta2"), $"11.3.0~beta1^{Stamp}", VersionKind.Snapshot },
        { "hotspot master with a development version in CMake", Facts("master", nearest: "v1.5.1", distance: 40, stated: "1.5.80"), $"1.5.80~~{Stamp}", VersionKind.Snapshot },
        { "hotspot master without a version file", Facts("master", nearest: "v1.5.1", distance: 40), $"1.5.1^{Stamp}", VersionKind.Snapshot },
        { "version file that is not a version is ignored", Facts(nearest: "v2.0.0", distance: 1, stated: "dev"), $"2.0.0^{Stamp}", VersionKind.Snapshot },
    };

    [Theory]
    [MemberData(nameof(Situations))]
    public void Each_situation_gets_the_version_a_packager_would_choose(string situation, SourceFacts facts, string version, VersionKind kind)
    {
        // Act
        var result = VersionPolicy.Compute(facts);

        // Assert
        result.Version.Should().Be(version, situation);
        result.Kind.Should().Be(kind, situation);
        result.Release.Should().Be(1);
        result.Epoch.Should().BeNull("no Epoch is set unless configured");
        result.Version.Should().NotContain("-").And.NotStartWith("v");
    }

    [Fact]
    public void A_rebuild_of_the_same_version_takes_the_given_release()
    {
        // Act
        var result = VersionPolicy.Compute(Facts("v11.3.0", ["v11.3.0"]), release: 2);

        // Assert
        result.ToString().Should().Be("11.3.0-2");
        result.SpecRelease.Should().Be("2%{?dist}");
    }

    [Fact]
    public void An_epoch_appears_only_when_configured()
    {
        // Act
        var result = VersionPolicy.Compute(Facts("v11.3.0", ["v11.3.0"]), epoch: 1);

        // Assert
        result.Evr(".fc43").ToString().Should().Be("1:11.3.0-1.fc43");
    }

    [Fact]
    public void Two_nightlies_one_minute_apart_sort_by_commit_time_not_by_hash()
    {
        // Arrange
        var earlier = Facts(nearest: "v11.3.0", distance: 3) with { Commit = "ffffffffffffffffffffffffffffffffffffffff" };
        var later = Facts(nearest: "v11.3.0", distance: 4) with
        {
            Commit = "0000000000000000000000000000000000000000",
            CommitTime = CommitTime.AddMinutes(1),
        };

        // Act
        var first = VersionPolicy.Compute(earlier).Evr();
        var second = VersionPolicy.Compute(later).Evr();

        // Assert
        first.CompareTo(second).Should().BeNegative();
    }

    [Fact]
    public void A_working_copy_with_changes_on_a_tagged_commit_is_a_snapshot_that_sorts_above_the_clean_one()
    {
        // Arrange
        var clean = Facts("working copy", ["v1.2.0"], "v1.2.0", 0, "1.2.0");
        var dirty = clean with { Dirty = "5e6f7a8" };

        // Act
        var release = VersionPolicy.Compute(clean);
        var changed = VersionPolicy.Compute(dirty);

        // Assert
        release.Version.Should().Be("1.2.0");
        changed.Version.Should().Be($"1.2.0^{Stamp}.dirty5e6f7a8");
        changed.Kind.Should().Be(VersionKind.Snapshot);
        VersionPolicy.Compute(clean with { TagsAtCommit = [] }).Evr().CompareTo(changed.Evr()).Should().BeNegative("the changes are newer than the commit they were made on");
        release.Evr().CompareTo(changed.Evr()).Should().BeNegative();
    }

    [Fact]
    public void The_snapshot_stamp_is_in_utc_whatever_the_committers_time_zone()
    {
        // Act
        var result = VersionPolicy.Compute(Facts() with { CommitTime = new DateTimeOffset(2026, 11, 22, 1, 45, 10, TimeSpan.FromHours(2)) });

        // Assert
        result.Version.Should().Be($"0^{Stamp}");
    }

    [Fact]
    public void The_reason_says_where_the_version_came_from()
    {
        // Act
        var tagged = VersionPolicy.Compute(Facts("v11.3.0", ["v11.3.0"]));
        var snapshot = VersionPolicy.Compute(Facts("main", nearest: "v11.3.0", distance: 7));

        // Assert
        tagged.Reason.Should().Be("commit 1a2b3c4 is tagged v11.3.0");
        snapshot.Reason.Should().Be("snapshot of main: 7 commit(s) after tag v11.3.0");
    }
}
