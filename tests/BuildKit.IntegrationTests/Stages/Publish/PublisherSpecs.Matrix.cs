using System.Text;
using BuildKit.GitHub;
using BuildKit.Stages.Publish;
using BuildKit.Versioning;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>The nightly matrix's results (distribution x architecture) published into one release without loss.</summary>
public sealed partial class PublisherSpecs
{
    private const string Day1 = "12.3.0~~20261121.010000.gitbbbbbbb";
    private const string Day2 = "12.3.0~~20261122.010000.gitccccccc";
    private const string Day3 = "12.3.0~~20261123.010000.gitddddddd";

    /// <summary>The three job results of one nightly: fc42 x86_64, fc43 x86_64, fc42 aarch64.</summary>
    private LocalBuild[] Jobs(string version) =>
        [Build(version, distribution: "fedora-42"), Build(version, distribution: "fedora-43"), Build(version, distribution: "fedora-42", arch: "aarch64")];

    private static IEnumerable<LocalBuild[]> Orders(LocalBuild[] jobs) =>
        from a in jobs from b in jobs from c in jobs where a != b && b != c && a != c select new[] { a, b, c };

    private static string Sums(FakeGitHub github) =>
        Encoding.UTF8.GetString(github.Releases.Single().Assets.Single(a => a.Name == ReleaseNotes.ChecksumsFile).Content);

    [Fact]
    public async Task Three_job_results_published_in_every_order_keep_every_rpm_under_one_sha256sums_and_again_upload_nothing()
    {
        // Arrange
        var jobs = Jobs(Day1);
        var outcomes = new List<(string[] Assets, string Sums, int UploadsAgain, int MutationsAgain)>();

        // Act
        foreach (var order in Orders(jobs))
        {
            using var github = new FakeGitHub();
            foreach (var job in order) await Publish(Nightly(2, job), Client(github));
            var (uploads, mutations) = (github.Uploads, github.MutatingRequests);
            foreach (var job in order) await Publish(Nightly(2, job), Client(github));
            outcomes.Add(([.. github.Releases.Single().Assets.Select(a => a.Name).Order(StringComparer.Ordinal)], Sums(github),
                github.Uploads - uploads, github.MutatingRequests - mutations));
        }

        // Assert
        outcomes.Should().HaveCount(6);
        outcomes.Select(o => o.Sums).Distinct().Should().ContainSingle("the same builds give the same SHA256SUMS whatever order they came in");
        outcomes.Should().OnlyContain(o => o.UploadsAgain == 0 && o.MutationsAgain == 0);
        outcomes[0].Assets.Should().Equal(
            "SHA256SUMS",
            "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.fc42.aarch64.rpm", "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.fc42.src.rpm",
            "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.fc42.x86_64.rpm",
            "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.fc43.src.rpm", "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.fc43.x86_64.rpm");
        ReleaseNotes.ParseChecksums(outcomes[0].Sums).Keys.Should().BeEquivalentTo(outcomes[0].Assets.Where(a => a != "SHA256SUMS"));
    }

    [Fact]
    public async Task A_newer_nightly_of_each_job_keeps_the_newest_builds_of_every_distribution_and_architecture_and_prunes_only_within_one()
    {
        // Arrange
        foreach (var job in Jobs(Day1)) await Publish(Nightly(2, job));
        foreach (var job in Jobs(Day2)) await Publish(Nightly(2, job));

        // Act
        await Publish(Nightly(2, Build(Day3, distribution: "fedora-42", arch: "aarch64")));

        // Assert
        var release = _github.Releases.Single();
        ReleaseBuilds.Parse(release.Body).Select(b => $"{b.Target} {b.Evr.Release}").Should().BeEquivalentTo(
            "fedora-42 aarch64 1.fc42", "fedora-42 aarch64 1.fc42", "fedora-42 x86_64 1.fc42", "fedora-42 x86_64 1.fc42", "fedora-43 x86_64 1.fc43", "fedora-43 x86_64 1.fc43");
        var rpms = release.Assets.Select(a => a.Name).Where(n => !n.EndsWith(".src.rpm") && n.EndsWith(".rpm")).ToList();
        rpms.Should().HaveCount(6);
        rpms.Should().Contain(n => n.Contains("gitbbbbbbb") && n.EndsWith(".fc42.x86_64.rpm"), "fc42 x86_64 still has only two builds");
        rpms.Should().NotContain(n => n.Contains("gitbbbbbbb") && n.EndsWith(".aarch64.rpm"), "fc42 aarch64 now has three, so its oldest goes");
        ReleaseNotes.ParseChecksums(Sums(_github)).Keys.Should().BeEquivalentTo(release.Assets.Select(a => a.Name).Where(n => n != "SHA256SUMS"));
        release.Assets.Where(a => a.Name != "SHA256SUMS").Should().OnlyContain(a => ReleaseNotes.ParseChecksums(Sums(_github))[a.Name].Sha256 == Hashing.Sha256(a.Content));
    }

    [Fact]
    public async Task The_ordering_gate_compares_within_a_distribution_and_architecture_and_still_refuses_a_downgrade_within_one()
    {
        // Arrange
        await Publish(Nightly(2, Build(Day2, distribution: "fedora-43")));

        // Act
        await Publish(Nightly(2, Build(Day1, distribution: "fedora-42")));
        await Publish(Nightly(2, Build(Day1, distribution: "fedora-43", arch: "aarch64")));
        var before = _github.MutatingRequests;
        var downgrade = () => Publish(Nightly(2, Build(Day1, distribution: "fedora-43")));

        // Assert
        (await downgrade.Should().ThrowAsync<VersionOrderException>()).WithMessage($"grafana {Day1}-1.fc43 sorts below grafana {Day2}-1.fc43*");
        _github.MutatingRequests.Should().Be(before);
        ReleaseBuilds.Parse(_github.Releases.Single().Body).Should().HaveCount(3);
    }

    [Fact]
    public async Task An_immutable_release_receives_every_job_result_in_one_publish_and_a_second_publish_of_its_tag_is_refused_without_a_change()
    {
        // Arrange
        using var immutable = new FakeGitHub(immutableReleases: true);
        var jobs = Jobs("12.3.0");

        // Act
        var result = await Publish(Release(jobs), Client(immutable));
        var before = immutable.MutatingRequests;
        var again = await Publish(Release(jobs), Client(immutable));
        var another = () => Publish(Release(Build("12.3.0", distribution: "fedora-43", arch: "aarch64")), Client(immutable));

        // Assert
        result.Should().Match<PublishResult>(r => r.CreatedRelease && r.Published && r.Uploaded == 6);
        var release = immutable.Releases.Single();
        release.Draft.Should().BeFalse();
        ReleaseBuilds.Parse(release.Body).Select(b => b.Target).Should().BeEquivalentTo("fedora-42 aarch64", "fedora-42 x86_64", "fedora-43 x86_64");
        release.Body.Should().StartWith("grafana 12.3.0-1, built by BuildKit for fedora-42 aarch64, fedora-42 x86_64, fedora-43 x86_64.");
        again.Changed.Should().BeFalse();
        (await another.Should().ThrowAsync<PublishException>()).WithMessage(
            "The release grafana-12.3.0-1 is published and immutable, and publishing 12.3.0-1.fc43 for fedora-43 aarch64 would change it*--from=DIR*");
        immutable.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task A_job_that_built_the_same_build_key_again_leaves_the_published_build_as_it_is_and_a_new_key_replaces_it()
    {
        // Arrange
        LocalBuild Keyed(string content, string key) => Build("12.3.0", content: content) with { Notes = $"notes\n{ReleaseNames.BuildKeyLine(key)}\n" };
        await Publish(Release(Keyed("first run", "aaaa")));
        var (uploads, mutations) = (_github.Uploads, _github.MutatingRequests);

        // Act
        var again = await Publish(Release(Keyed("second run, other bytes", "aaaa")));
        var afterAgain = (_github.Uploads, _github.MutatingRequests);
        var changed = await Publish(Release(Keyed("changed inputs", "bbbb")));

        // Assert
        again.Changed.Should().BeFalse();
        afterAgain.Should().Be((uploads, mutations));
        _log.Lines.Should().Contain("[publish] grafana-12.3.0-1 already holds 12.3.0-1.fc43 for fedora-43 x86_64 with the same build key: it stands");
        changed.Replaced.Should().Be(2, "the RPM and SHA256SUMS of the new key's build replace the old ones");
        ReleaseBuilds.Parse(_github.Releases.Single().Body).Single().Notes.Should().Contain("bbbb");
    }

    [Fact]
    public async Task Two_distributions_whose_packages_have_the_same_name_are_refused_before_anything_is_uploaded()
    {
        // Arrange
        await Publish(Release(Build("12.3.0", distribution: "debian-12")));
        var before = _github.MutatingRequests;

        // Act
        var act = () => Publish(Release(Build("12.3.0", content: "other distribution", distribution: "debian-13")));

        // Assert
        (await act.Should().ThrowAsync<PublishException>()).WithMessage(
            "grafana-12.3.0-1.* would be published for debian-12 and debian-13 in grafana-12.3.0-1, and a release holds one file of a name*dist tags of their own*");
        _github.MutatingRequests.Should().Be(before);
    }
}
