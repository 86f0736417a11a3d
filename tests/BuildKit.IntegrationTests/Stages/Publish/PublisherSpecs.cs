using BuildKit.Configuration;
using BuildKit.GitHub;
using BuildKit.Stages.Publish;
using BuildKit.Versioning;

namespace BuildKit.IntegrationTests.Stages.Publish;

public sealed class PublisherSpecs : IDisposable
{
    private static readonly PublishPacing Fast = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 6, TimeScale: 0.01);
    private readonly TempDir _temp = TempDir.Create();
    private readonly FakeGitHub _github;
    private readonly RecordingLog _log = new();

    public PublisherSpecs() => _github = new FakeGitHub();

    public void Dispose()
    {
        _github.Dispose();
        _temp.Dispose();
    }

    private GitHubClient Client(FakeGitHub? github = null) =>
        new(new GitHubSettings(new Uri((github ?? _github).BaseUrl), "owner/repo", FakeGitHub.Token), Fast, _log);

    private PublishRequest Build(string version, string content = "payload", string product = "grafana")
    {
        var folder = _temp.Combine(version + "-" + content.GetHashCode().ToString("x"));
        var files = new List<string>
        {
            _temp.File(Path.Combine(folder, $"{product}-{version}-1.x86_64.rpm"), $"{product} {version} binary {content}"),
            _temp.File(Path.Combine(folder, $"{product}-{version}-1.src.rpm"), $"{product} {version} source"),
        };
        files.Add(_temp.File(Path.Combine(folder, ReleaseNotes.ChecksumsFile), ReleaseNotes.Checksums(files)));
        var evr = Evr.Parse($"{version}-1");
        return new PublishRequest(product, AssetNames.Map($"{product}-{version}-1"), $"{product} {version}-1", "notes", version.Contains('~'), files, evr);
    }

    private PublishRequest Nightly(string version, int keep = 2)
    {
        var build = Build(version);
        var sums = _temp.File(Path.Combine(Path.GetDirectoryName(build.Files[0])!, $"grafana-{version}-1.SHA256SUMS"), File.ReadAllText(build.Files[2]));
        return build with { Tag = "grafana-nightly", Title = "grafana nightly", Notes = $"notes of {version}", Prerelease = true,
            Files = [build.Files[0], build.Files[1], sums], KeepBuilds = keep };
    }

    private Task<PublishResult> Publish(PublishRequest request, GitHubClient? client = null, bool dryRun = false, bool allowDowngrade = false) =>
        new ReleasePublisher(client ?? Client(), _log, dryRun, allowDowngrade).PublishAsync(request, CancellationToken.None);

    [Fact]
    public async Task A_first_publish_creates_a_draft_uploads_every_asset_and_then_publishes()
    {
        // Act
        var result = await Publish(Build("12.3.0"));

        // Assert
        result.Should().Be(new PublishResult("grafana-12.3.0-1", true, 3, 0, 0, true));
        var release = _github.Releases.Should().ContainSingle().Subject;
        release.Draft.Should().BeFalse();
        release.Assets.Select(a => a.Name).Should().BeEquivalentTo("grafana-12.3.0-1.x86_64.rpm", "grafana-12.3.0-1.src.rpm", "SHA256SUMS");
        release.Assets.Should().OnlyContain(a => a.State == "uploaded");
        _github.Requests.IndexOf(_github.Requests.Last(r => r.StartsWith("PATCH"))).Should()
            .BeGreaterThan(_github.Requests.FindLastIndex(r => r.StartsWith("POST /uploads/")), "the release is published after its last upload");
    }

    [Fact]
    public async Task An_identical_rerun_uploads_nothing_and_changes_nothing()
    {
        // Arrange
        var build = Build("12.3.0");
        await Publish(build);
        var before = _github.MutatingRequests;

        // Act
        var result = await Publish(build);

        // Assert
        result.Uploaded.Should().Be(0);
        result.Unchanged.Should().Be(3);
        _github.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task A_changed_asset_is_replaced_and_the_others_are_left_alone()
    {
        // Arrange
        await Publish(Build("12.3.0"));
        var before = _github.Uploads;

        // Act
        var result = await Publish(Build("12.3.0", content: "rebuilt"));

        // Assert
        result.Replaced.Should().Be(2, "the binary RPM and SHA256SUMS changed; the SRPM did not");
        (_github.Uploads - before).Should().Be(2);
        var release = _github.Releases.Single();
        release.Draft.Should().BeFalse();
        release.Assets.Single(a => a.Name.EndsWith(".x86_64.rpm")).Size.Should().Be(new FileInfo(Build("12.3.0", "rebuilt").Files[0]).Length);
    }

    [Fact]
    public async Task A_502_that_leaves_a_starter_asset_is_cleaned_up_and_retried()
    {
        // Arrange
        _github.FailNextUploads(1);

        // Act
        var result = await Publish(Build("12.3.0"));

        // Assert
        result.Published.Should().BeTrue();
        _github.Releases.Single().Assets.Should().HaveCount(3).And.OnlyContain(a => a.State == "uploaded");
        _log.Text.Should().Contain("failed (502); removing what it left and trying again");
    }

    [Fact]
    public async Task An_interrupted_publish_stays_a_draft_and_a_rerun_completes_it()
    {
        // Arrange
        _github.FailNextUploads(3);
        var interrupted = () => Publish(Build("12.3.0"));
        await interrupted.Should().ThrowAsync<GitHubApiException>();
        _github.Releases.Single().Draft.Should().BeTrue("a release never appears published with missing assets");

        // Act
        var result = await Publish(Build("12.3.0"));

        // Assert
        result.Published.Should().BeTrue();
        var release = _github.Releases.Single();
        release.Draft.Should().BeFalse();
        release.Assets.Should().HaveCount(3).And.OnlyContain(a => a.State == "uploaded");
    }

    [Fact]
    public async Task Rate_limits_are_waited_out_as_retry_after_says()
    {
        // Arrange
        _github.RateLimitNext(2, retryAfterSeconds: 30);

        // Act
        var result = await Publish(Build("12.3.0"));

        // Assert
        result.Published.Should().BeTrue();
        _log.Lines.Count(l => l.Contains("GitHub answered 429") && l.Contains("waiting 30 s")).Should().Be(2);
    }

    [Fact]
    public async Task Asset_names_github_would_rewrite_are_mapped_and_the_mapping_is_in_sha256sums()
    {
        // Act
        var build = Build("12.3.0~beta1");
        await Publish(build);

        // Assert
        var release = _github.Releases.Single();
        release.Tag.Should().Be("grafana-12.3.0_beta1-1");
        release.Prerelease.Should().BeTrue();
        release.Assets.Select(a => a.Name).Should().Contain("grafana-12.3.0_beta1-1.x86_64.rpm");
        File.ReadAllText(build.Files[2]).Should().Contain("# grafana-12.3.0_beta1-1.x86_64.rpm is grafana-12.3.0~beta1-1.x86_64.rpm")
            .And.MatchRegex("[0-9a-f]{64}  grafana-12.3.0_beta1-1.x86_64.rpm");
    }

    [Fact]
    public async Task A_published_immutable_release_is_never_modified()
    {
        // Arrange
        using var immutable = new FakeGitHub(immutableReleases: true);
        await Publish(Build("12.3.0"), Client(immutable));
        var before = immutable.MutatingRequests;

        // Act
        var act = () => Publish(Build("12.3.0", content: "rebuilt"), Client(immutable));

        // Assert
        (await act.Should().ThrowAsync<PublishException>()).WithMessage("The release grafana-12.3.0-1 is published and immutable*--release=N.");
        immutable.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task The_ordering_gate_stops_a_lower_version_before_anything_is_uploaded()
    {
        // Arrange
        await Publish(Build("12.3.0"));
        var before = _github.MutatingRequests;

        // Act
        var act = () => Publish(Build("12.3.0~beta1"));

        // Assert
        (await act.Should().ThrowAsync<VersionOrderException>()).WithMessage("grafana 12.3.0~beta1-1 sorts below grafana 12.3.0-1, which is already published*");
        _github.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task A_dry_run_makes_no_mutating_call_and_prints_each_one_it_would_make()
    {
        // Act
        var result = await Publish(Build("12.3.0"), dryRun: true);

        // Assert
        _github.MutatingRequests.Should().Be(0);
        _github.Releases.Should().BeEmpty();
        result.Published.Should().BeFalse();
        _log.Lines.Where(l => l.StartsWith("[publish] would ")).Should().HaveCount(5, "create, three uploads, publish");
    }

    [Fact]
    public void A_missing_token_is_a_clear_error_before_any_call()
    {
        // Arrange
        var environment = EnvironmentSnapshot.Of(("GITHUB_REPOSITORY", "owner/repo"), ("GITHUB_API_URL", _github.BaseUrl));

        // Act
        var act = () => GitHubSettings.Resolve(null, null, environment).Validate(dryRun: false);

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("Publishing to owner/repo needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)*--dry-run*");
        _github.Requests.Should().BeEmpty();
        GitHubSettings.Resolve(null, null, environment).Validate(dryRun: true).Token.Should().BeNull();
    }

    [Fact]
    public async Task The_token_never_reaches_a_log_line()
    {
        // Act
        _github.FailNextUploads(1);
        _github.RateLimitNext(1, 1);
        await Publish(Build("12.3.0"));

        // Assert
        _log.Text.Should().NotContain(FakeGitHub.Token);
    }

    [Fact]
    public async Task A_rolling_nightly_release_keeps_the_newest_builds_and_prunes_older_ones_after_the_new_one_is_complete()
    {
        // Act
        await Publish(Nightly("12.3.0~~20261120.010000.gitaaaaaaa"));
        await Publish(Nightly("12.3.0~~20261121.010000.gitbbbbbbb"));
        await Publish(Nightly("12.3.0~~20261122.010000.gitccccccc"));

        // Assert
        var release = _github.Releases.Should().ContainSingle().Subject;
        release.Tag.Should().Be("grafana-nightly");
        release.Prerelease.Should().BeTrue();
        release.Draft.Should().BeFalse();
        release.Assets.Select(a => a.Name).Should().BeEquivalentTo(
            "grafana-12.3.0__20261122.010000.gitccccccc-1.x86_64.rpm", "grafana-12.3.0__20261122.010000.gitccccccc-1.src.rpm", "grafana-12.3.0__20261122.010000.gitccccccc-1.SHA256SUMS",
            "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.x86_64.rpm", "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.src.rpm", "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.SHA256SUMS");
        RollingBuilds.Parse(release.Body).Select(b => b.Evr.ToString()).Should().Equal(
            "12.3.0~~20261122.010000.gitccccccc-1", "12.3.0~~20261121.010000.gitbbbbbbb-1");
        var lastDelete = _github.Requests.FindLastIndex(r => r.StartsWith("DELETE"));
        lastDelete.Should().BeGreaterThan(_github.Requests.FindLastIndex(r => r.StartsWith("POST /uploads/")), "older builds go only after the new one is complete");
    }

    [Fact]
    public async Task A_nightly_older_than_one_the_rolling_release_holds_is_stopped_by_the_gate()
    {
        // Arrange
        await Publish(Nightly("12.3.0~~20261122.010000.gitccccccc"));
        var before = _github.MutatingRequests;

        // Act
        var act = () => Publish(Nightly("12.3.0~~20261121.010000.gitbbbbbbb"));

        // Assert
        (await act.Should().ThrowAsync<VersionOrderException>()).WithMessage("grafana 12.3.0~~20261121.010000.gitbbbbbbb-1 sorts below grafana 12.3.0~~20261122.010000.gitccccccc-1*");
        _github.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task Rerunning_the_same_nightly_uploads_nothing()
    {
        // Arrange
        await Publish(Nightly("12.3.0~~20261122.010000.gitccccccc"));
        var uploads = _github.Uploads;

        // Act
        var result = await Publish(Nightly("12.3.0~~20261122.010000.gitccccccc"));

        // Assert
        result.Uploaded.Should().Be(0);
        _github.Uploads.Should().Be(uploads);
    }
}
