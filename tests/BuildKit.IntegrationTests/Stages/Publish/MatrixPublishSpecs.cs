using BuildKit.IntegrationTests.Products;
using BuildKit.Pipeline;
using BuildKit.Stages.Publish;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>The nightly workflow's publish job: every build job's results, downloaded into one folder, published in one pass with --from.</summary>
public sealed class MatrixPublishSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly FakeGitHub _github = new();

    public void Dispose()
    {
        _github.Dispose();
        _temp.Dispose();
    }

    private string Results => _temp.Combine("results");

    private PipelineRun Run(params string[] options) => PipelineRun.Open(_temp, HotspotFixture.ProductsYaml("https://example.invalid/hotspot.git", "v0.9.0"), hostTrust: false,
        new Dictionary<string, string> { ["GITHUB_TOKEN"] = FakeGitHub.Token, ["GITHUB_REPOSITORY"] = "owner/repo", ["GITHUB_API_URL"] = _github.BaseUrl },
        [$"--from={Results}", .. options]);

    [DockerFact]
    public async Task Publish_from_the_jobs_results_builds_nothing_and_puts_every_distribution_and_architecture_in_one_release_and_a_repository_each()
    {
        // Arrange
        foreach (var (distribution, arch) in new[] { ("fedora-42", "x86_64"), ("fedora-43", "x86_64"), ("fedora-42", "aarch64") })
            await MatrixJobs.WriteAsync(_temp, Results, "0.9.0", distribution, arch);

        // Act
        var first = Run("--target=Publish");
        await first.PublishAsync();
        var uploads = _github.Uploads;
        await Run("--target=Publish").PublishAsync();

        // Assert
        first.Pipeline.Run.Plan.Products.Single()[BuildPipeline.Verify].Reason.Should().Be($"its results come from --from={Results}");
        Directory.Exists(first.Paths.Worktrees).Should().BeFalse("nothing is fetched or built");
        var release = _github.Releases.Should().ContainSingle().Subject;
        release.Tag.Should().Be("hotspot-0.9.0-1");
        release.Draft.Should().BeFalse();
        release.Assets.Select(a => a.Name).Should().BeEquivalentTo(
            "hotspot-0.9.0-1.fc42.x86_64.rpm", "hotspot-0.9.0-1.fc42.aarch64.rpm", "hotspot-0.9.0-1.fc43.x86_64.rpm",
            "hotspot-0.9.0-1.fc42.src.rpm", "hotspot-0.9.0-1.fc43.src.rpm",
            "hotspot-0.9.0-1.fc42.x86_64.buildinfo.json", "hotspot-0.9.0-1.fc42.aarch64.buildinfo.json", "hotspot-0.9.0-1.fc43.x86_64.buildinfo.json",
            "SHA256SUMS");
        ReleaseBuilds.Parse(release.Body).Select(b => b.Target).Should().BeEquivalentTo("fedora-42 x86_64", "fedora-42 aarch64", "fedora-43 x86_64");
        _github.Uploads.Should().Be(uploads, "publishing the same results again uploads nothing");
        foreach (var repository in new[] { "fedora-42/x86_64", "fedora-42/aarch64", "fedora-43/x86_64" })
            File.Exists(Path.Combine(first.Paths.Artifacts, "repo", repository, "repodata", "repomd.xml")).Should().BeTrue(repository);
    }
}
