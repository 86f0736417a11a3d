using System.Text;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.GitHub;
using BuildKit.IntegrationTests.Products;
using BuildKit.Planning;
using BuildKit.Records;
using BuildKit.Stages;
using BuildKit.Stages.Package;
using BuildKit.Stages.Publish;
using BuildKit.Versioning;

namespace BuildKit.IntegrationTests.Stages.Publish;

public sealed partial class PublisherSpecs : IDisposable
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

    /// <summary>A build of PRODUCT VERSION-1 for a distribution and architecture: its RPM and SRPM, in a folder of its own.</summary>
    private LocalBuild Build(string version, string content = "payload", string product = "grafana", string distribution = "fedora-43", string arch = "x86_64")
    {
        var evr = $"{version}-1{Distribution.Named(distribution, "the test").DistTag}";
        var folder = _temp.Combine($"{evr}-{distribution}-{arch}-{content}");
        List<string> files =
        [
            _temp.File(Path.Combine(folder, $"{product}-{evr}.{arch}.rpm"), $"{product} {evr} {arch} binary {content}"),
            _temp.File(Path.Combine(folder, $"{product}-{evr}.src.rpm"), $"{product} {evr} source"),
        ];
        return new LocalBuild(distribution, arch, Evr.Parse(evr), files, $"notes of {evr} for {distribution} {arch}");
    }

    /// <summary>The release of one version of grafana, to hold <paramref name="builds"/>.</summary>
    private PublishRequest Release(params LocalBuild[] builds)
    {
        var version = builds[0].Evr.Version;
        return new PublishRequest("grafana", AssetNames.Map($"grafana-{version}-1"), $"grafana {version}-1", version.Contains('~'), builds,
            _temp.Combine("publish-" + Guid.NewGuid().ToString("N")));
    }

    private PublishRequest Release(string version, string content = "payload") => Release(Build(version, content));

    /// <summary>grafana's rolling nightly release, to take <paramref name="builds"/> and keep <paramref name="keep"/> of each distribution and architecture.</summary>
    private PublishRequest Nightly(int keep, params LocalBuild[] builds) =>
        new("grafana", "grafana-nightly", "grafana nightly", true, builds, _temp.Combine("publish-" + Guid.NewGuid().ToString("N")), keep);

    private PublishRequest Nightly(string version, int keep = 2) => Nightly(keep, Build(version));

    private Task<PublishResult> Publish(PublishRequest request, GitHubClient? client = null, bool dryRun = false, bool allowDowngrade = false) =>
        new ReleasePublisher(client ?? Client(), _log, dryRun, allowDowngrade).PublishAsync(request, CancellationToken.None);

    [Fact]
    public async Task A_first_publish_creates_a_draft_uploads_every_asset_and_then_publishes()
    {
        // Act
        var result = await Publish(Release("12.3.0"));

        // Assert
        result.Should().Be(new PublishResult("grafana-12.3.0-1", true, 3, 0, 0, true, true, $"{_github.BaseUrl}owner/repo/releases/tag/grafana-12.3.0-1"));
        var release = _github.Releases.Should().ContainSingle().Subject;
        release.Draft.Should().BeFalse();
        release.Assets.Select(a => a.Name).Should().BeEquivalentTo("grafana-12.3.0-1.fc43.x86_64.rpm", "grafana-12.3.0-1.fc43.src.rpm", "SHA256SUMS");
        release.Assets.Should().OnlyContain(a => a.State == "uploaded");
        _github.Requests.IndexOf(_github.Requests.Last(r => r.StartsWith("PATCH"))).Should()
            .BeGreaterThan(_github.Requests.FindLastIndex(r => r.StartsWith("POST /uploads/")), "the release is published after its last upload");
    }

    [Fact]
    public async Task An_identical_rerun_uploads_nothing_and_changes_nothing()
    {
        // Arrange
        var build = Release("12.3.0");
        await Publish(build);
        var before = _github.MutatingRequests;

        // Act
        var result = await Publish(build);

        // Assert
        result.Uploaded.Should().Be(0);
        result.Unchanged.Should().Be(3);
        result.Changed.Should().BeFalse();
        _github.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task A_changed_asset_is_replaced_and_the_others_are_left_alone()
    {
        // Arrange
        await Publish(Release("12.3.0"));
        var before = _github.Uploads;

        // Act
        var result = await Publish(Release("12.3.0", content: "rebuilt"));

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
        var result = await Publish(Release("12.3.0"));

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
        var interrupted = () => Publish(Release("12.3.0"));
        await interrupted.Should().ThrowAsync<GitHubApiException>();
        _github.Releases.Single().Draft.Should().BeTrue("a release never appears published with missing assets");

        // Act
        var result = await Publish(Release("12.3.0"));

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
        var result = await Publish(Release("12.3.0"));

        // Assert
        result.Published.Should().BeTrue();
        _log.Lines.Count(l => l.Contains("GitHub answered 429") && l.Contains("waiting 30 s")).Should().Be(2);
    }

    [Fact]
    public async Task Asset_names_github_would_rewrite_are_mapped_and_the_mapping_is_in_sha256sums()
    {
        // Act
        var build = Release("12.3.0~beta1");
        await Publish(build);

        // Assert
        var release = _github.Releases.Single();
        release.Tag.Should().Be("grafana-12.3.0_beta1-1");
        release.Prerelease.Should().BeTrue();
        release.Assets.Select(a => a.Name).Should().Contain("grafana-12.3.0_beta1-1.fc43.x86_64.rpm");
        File.ReadAllText(Path.Combine(build.Folder, "SHA256SUMS")).Should().Contain("# grafana-12.3.0_beta1-1.fc43.x86_64.rpm is grafana-12.3.0~beta1-1.fc43.x86_64.rpm")
            .And.MatchRegex("[0-9a-f]{64}  grafana-12.3.0_beta1-1.fc43.x86_64.rpm");
    }

    [Fact]
    public async Task A_published_immutable_release_is_never_modified()
    {
        // Arrange
        using var immutable = new FakeGitHub(immutableReleases: true);
        await Publish(Release("12.3.0"), Client(immutable));
        var before = immutable.MutatingRequests;

        // Act
        var act = () => Publish(Release("12.3.0", content: "rebuilt"), Client(immutable));

        // Assert
        (await act.Should().ThrowAsync<PublishException>()).WithMessage("The release grafana-12.3.0-1 is published and immutable*--release=N.");
        immutable.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task The_ordering_gate_stops_a_lower_version_before_anything_is_uploaded()
    {
        // Arrange
        await Publish(Release("12.3.0"));
        var before = _github.MutatingRequests;

        // Act
        var act = () => Publish(Release("12.3.0~beta1"));

        // Assert
        (await act.Should().ThrowAsync<VersionOrderException>()).WithMessage("grafana 12.3.0~beta1-1.fc43 sorts below grafana 12.3.0-1.fc43, which is already published*");
        _github.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task A_dry_run_makes_no_mutating_call_and_prints_each_one_it_would_make()
    {
        // Act
        var result = await Publish(Release("12.3.0"), dryRun: true);

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
        await Publish(Release("12.3.0"));

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
            "grafana-12.3.0__20261122.010000.gitccccccc-1.fc43.x86_64.rpm", "grafana-12.3.0__20261122.010000.gitccccccc-1.fc43.src.rpm",
            "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.fc43.x86_64.rpm", "grafana-12.3.0__20261121.010000.gitbbbbbbb-1.fc43.src.rpm", "SHA256SUMS");
        ReleaseBuilds.Parse(release.Body).Select(b => b.Evr.ToString()).Should().Equal(
            "12.3.0~~20261122.010000.gitccccccc-1.fc43", "12.3.0~~20261121.010000.gitbbbbbbb-1.fc43");
        Encoding.UTF8.GetString(release.Assets.Single(a => a.Name == "SHA256SUMS").Content).Should().Contain("gitbbbbbbb").And.Contain("gitccccccc").And.NotContain("gitaaaaaaa");
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
        (await act.Should().ThrowAsync<VersionOrderException>()).WithMessage("grafana 12.3.0~~20261121.010000.gitbbbbbbb-1.fc43 sorts below grafana 12.3.0~~20261122.010000.gitccccccc-1.fc43*");
        _github.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task Rerunning_the_same_nightly_uploads_nothing()
    {
        // Arrange
        await Publish(Nightly("12.3.0~~20261122.010000.gitccccccc"));
        var uploads = _github.Uploads;
        var mutations = _github.MutatingRequests;

        // Act
        var result = await Publish(Nightly("12.3.0~~20261122.010000.gitccccccc"));

        // Assert
        result.Uploaded.Should().Be(0);
        result.Changed.Should().BeFalse();
        _github.Uploads.Should().Be(uploads);
        _github.MutatingRequests.Should().Be(mutations, "the rolling release already says all it would be told");
    }

    [Fact]
    public async Task The_last_line_of_a_publish_gives_the_release_page_and_so_does_a_rerun_with_nothing_to_do()
    {
        // Arrange
        var build = Release("12.3.0");
        var page = $"{_github.BaseUrl}owner/repo/releases/tag/grafana-12.3.0-1";

        // Act
        await Publish(build);
        var first = _log.Lines[^1];
        var rerun = await Publish(build);

        // Assert
        first.Should().Be($"[publish] grafana-12.3.0-1: 3 uploaded, 0 replaced, 0 unchanged, 0 pruned; holds 12.3.0-1.fc43 for fedora-43 x86_64, published at {page}");
        _log.Lines[^1].Should().Be($"[publish] grafana-12.3.0-1 already holds 12.3.0-1.fc43 for fedora-43 x86_64 with the same assets: nothing to do at {page}");
        rerun.Url.Should().Be(page);
    }

    [Fact]
    public async Task Without_digests_a_changed_asset_of_the_same_size_on_an_immutable_release_is_refused_not_taken_as_unchanged()
    {
        // Arrange
        using var enterprise = new FakeGitHub(immutableReleases: true, digests: false);
        await Publish(Release("12.3.0", content: "payload"), Client(enterprise));
        var before = enterprise.MutatingRequests;
        var rebuilt = Build("12.3.0", content: "rebuilt");
        new FileInfo(rebuilt.Files[0]).Length.Should().Be(enterprise.Releases.Single().Assets.Single(a => a.Name.EndsWith(".x86_64.rpm")).Size);

        // Act
        var act = () => Publish(Release(rebuilt), Client(enterprise));

        // Assert
        (await act.Should().ThrowAsync<PublishException>()).WithMessage("The release grafana-12.3.0-1 is published and immutable*");
        enterprise.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task Without_digests_an_identical_rerun_is_matched_by_the_releases_own_sha256sums_and_changes_nothing()
    {
        // Arrange
        using var enterprise = new FakeGitHub(digests: false);
        var build = Release("12.3.0");
        await Publish(build, Client(enterprise));
        var before = enterprise.MutatingRequests;

        // Act
        var result = await Publish(build, Client(enterprise));

        // Assert
        result.Changed.Should().BeFalse();
        result.Unchanged.Should().Be(3);
        enterprise.MutatingRequests.Should().Be(before);
        enterprise.Requests.Should().Contain(r => r.StartsWith("GET /downloads/", StringComparison.Ordinal), "SHA256SUMS is read from the release itself");
    }

    [Fact]
    public async Task Without_digests_a_changed_asset_of_the_same_size_is_replaced_and_sha256sums_goes_back_last()
    {
        // Arrange
        using var enterprise = new FakeGitHub(digests: false);
        await Publish(Release("12.3.0", content: "payload"), Client(enterprise));

        // Act
        var result = await Publish(Release("12.3.0", content: "rebuilt"), Client(enterprise));

        // Assert
        result.Replaced.Should().Be(2, "the binary RPM and SHA256SUMS changed; the SRPM did not");
        var release = enterprise.Releases.Single();
        release.Draft.Should().BeFalse();
        release.Assets.Select(a => a.Name).Last().Should().Be("SHA256SUMS", "SHA256SUMS lists assets the release already holds");
        release.Assets.Single(a => a.Name.EndsWith(".x86_64.rpm")).Content.Should().Equal(File.ReadAllBytes(Build("12.3.0", content: "rebuilt").Files[0]));
    }

    [Fact]
    public async Task A_detached_signature_made_again_over_the_same_checksums_does_not_make_an_immutable_release_differ()
    {
        // Arrange
        using var immutable = new FakeGitHub(immutableReleases: true);
        await Publish(Signed(Release("12.3.0"), "signed at 01:00"), Client(immutable));
        var before = immutable.MutatingRequests;

        // Act
        var result = await Publish(Signed(Release("12.3.0"), "signed at 02:00"), Client(immutable));

        // Assert
        result.Changed.Should().BeFalse();
        immutable.MutatingRequests.Should().Be(before);
    }

    [Fact]
    public async Task A_release_with_more_than_a_page_of_assets_is_read_to_its_last_page()
    {
        // Arrange
        var earlier = Build("12.3.0");
        var others = Enumerable.Range(0, 150).Select(i => ($"notes-{i:000}.txt", $"note {i}"));
        var seeded = _github.Seed("grafana-12.3.0-1", "grafana 12.3.0-1", draft: false,
            [.. others, .. earlier.Files.Select(f => (FakeGitHub.Rename(Path.GetFileName(f)), File.ReadAllText(f)))]);

        // Act
        var result = await Publish(Release("12.3.0", content: "rebuilt"));

        // Assert
        result.Should().Match<PublishResult>(r => r.Uploaded == 1 && r.Replaced == 1 && r.Unchanged == 1 && r.Published, "the RPM changed, the SRPM did not, SHA256SUMS is new");
        _github.Releases.Single(r => r.Id == seeded.Id).Assets.Should().HaveCount(153);
        _github.Requests.Count(r => r == $"GET /repos/owner/repo/releases/{seeded.Id}/assets").Should().BeGreaterThan(1, "150 and more assets take two pages");
    }

    [Fact]
    public async Task More_than_a_hundred_releases_are_listed_to_the_last_page_before_the_ordering_gate()
    {
        // Arrange
        _github.SeedBuild("grafana", "13.0.0-1", "fedora-43", "x86_64");
        foreach (var i in Enumerable.Range(0, 130)) _github.Seed($"other-1.0.{i}-1");

        // Act
        var act = () => Publish(Release("12.3.0"));

        // Assert
        (await act.Should().ThrowAsync<VersionOrderException>()).WithMessage("grafana 12.3.0-1.fc43 sorts below grafana 13.0.0-1.fc43*");
        _github.Requests.Count(r => r == "GET /repos/owner/repo/releases").Should().Be(2);
    }

    [Fact]
    public async Task A_dry_run_of_the_publish_stage_writes_nothing_under_artifacts()
    {
        // Arrange
        var run = StageRun("--dry-run");
        var (product, builder, packaged) = Packaged(run);

        // Act
        var result = await PublishStage.RunAsync(run, product, Hotspot, builder, packaged, CancellationToken.None);
        await PublishStage.RepositoryAsync(run, [(product, builder)], null, [result], CancellationToken.None);

        // Assert
        Directory.Exists(_temp.Combine("artifacts", "publish")).Should().BeFalse();
        Directory.Exists(_temp.Combine("artifacts", "repo")).Should().BeFalse();
        _github.MutatingRequests.Should().Be(0);
        _log.Lines.Should().Contain(l => l.StartsWith("[repository] would build the dnf repository", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_release_is_already_complete_the_repository_is_left_as_it_is()
    {
        // Arrange
        var run = StageRun();
        var (product, builder, packaged) = Packaged(run);
        await PublishStage.RunAsync(run, product, Hotspot, builder, packaged, CancellationToken.None);
        var before = _github.MutatingRequests;

        // Act
        var result = await PublishStage.RunAsync(run, product, Hotspot, builder, packaged, CancellationToken.None);
        await PublishStage.RepositoryAsync(run, [(product, builder)], null, [result], CancellationToken.None);

        // Assert
        result.Changed.Should().BeFalse();
        _github.MutatingRequests.Should().Be(before);
        Directory.Exists(_temp.Combine("artifacts", "repo")).Should().BeFalse("createrepo did not run");
        _log.Lines[^1].Should().StartWith("[repository] no release changed:");
    }

    private static readonly PackageVersion Hotspot = new(null, "0.9.0", 1, VersionKind.Release, "the tag v0.9.0");

    /// <summary>The run the pipeline would hand the publish stage: hotspot for debian-12, publishing to the fake, artifacts in the temp folder.</summary>
    private BuildRun StageRun(params string[] options)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = FakeGitHub.Token, ["GITHUB_REPOSITORY"] = "owner/repo", ["GITHUB_API_URL"] = _github.BaseUrl,
        };
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml("https://example.invalid/hotspot.git", "v0.9.0"), false, environment,
            ["--target=Publish", .. options]).Pipeline.Run;
        return new BuildRun(run.Plan, run.Paths, run.Environment, _log, run.Runner);
    }

    /// <summary>What Package would have left: an RPM, the SRPM and the build record, as files under artifacts.</summary>
    private static (ProductPlan Product, ProvisionedBuilder Builder, PackagedProduct Packaged) Packaged(BuildRun run)
    {
        var distribution = run.Plan.Distribution.Name;
        string Write(string folder, string name, string content)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, name), content);
            return Path.Combine(folder, name);
        }
        var rpm = Write(run.Paths.Rpms(distribution), "hotspot-0.9.0-1.x86_64.rpm", "hotspot binary");
        var srpm = Write(run.Paths.Srpms(distribution), "hotspot-0.9.0-1.src.rpm", "hotspot source");
        var info = run.Paths.BuildInfoFile("hotspot");
        Write(Path.GetDirectoryName(info)!, Path.GetFileName(info), "{}");
        var record = new BuildRecord("hotspot", "0.9.0-1", distribution, "https://example.invalid/hotspot.git", "v0.9.0", new string('a', 40), "none", [],
            "hotspot", "spec", "builder", "sha256:builder", new Dictionary<string, string>(), 0, [], "key", true);
        return (run.Plan.Products.Single(), new ProvisionedBuilder(null!, "buildkit-builder:test", "sha256:builder", true, TimeSpan.Zero),
            new PackagedProduct(new RpmFiles([rpm], [srpm], ""), record, null));
    }

    /// <summary>The release signed as --sign signs it: a detached signature of its SHA256SUMS and the public key beside it.</summary>
    private static PublishRequest Signed(PublishRequest request, string signature) => request with
    {
        Sign = async (sums, cancellationToken) =>
        {
            await File.WriteAllTextAsync(sums + ".asc", $"-----BEGIN PGP SIGNATURE-----\n{signature}\n", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(sums)!, Signer.PublicKeyFile), "-----BEGIN PGP PUBLIC KEY BLOCK-----\nkey\n", cancellationToken);
        },
    };
}
