using System.Text.Json;
using BuildKit.IntegrationTests.Products;

namespace BuildKit.IntegrationTests.Stages.Publish;

public sealed class PublishPipelineSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly FakeGitHub _github = new();

    public void Dispose()
    {
        _github.Dispose();
        _temp.Dispose();
    }

    private PipelineRun Run(GitUpstream upstream, string reference = "v0.9.0") => PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, reference), hostTrust: false,
        new Dictionary<string, string> { ["GITHUB_TOKEN"] = FakeGitHub.Token, ["GITHUB_REPOSITORY"] = "owner/repo", ["GITHUB_API_URL"] = _github.BaseUrl },
        "--target=Publish");

    [DockerFact]
    public async Task A_verified_build_is_published_with_its_record_and_checksums_and_an_unchanged_rebuild_uploads_nothing()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);

        var first = Run(upstream);

        // Act
        await first.PublishAsync();
        var uploadsAfterFirst = _github.Uploads;
        await Run(upstream).PublishAsync();

        // Assert
        var release = _github.Releases.Should().ContainSingle().Subject;
        release.Tag.Should().Be("hotspot-0.9.0-1");
        release.Name.Should().Be("hotspot 0.9.0-1");
        release.Draft.Should().BeFalse();
        release.Prerelease.Should().BeFalse();
        release.Body.Should().Contain($"commit `{await upstream.HeadAsync()}`").And.Contain("hotspot-0.9.0-1.x86_64.rpm")
            .And.Contain("- SBOM (SPDX 2.3), one per package: `hotspot-0.9.0-1.x86_64.spdx.json`")
            .And.Contain("- build provenance (in-toto, SLSA v1): `hotspot-0.9.0-1.x86_64.intoto.json`");
        string[] packages = ["hotspot-0.9.0-1.x86_64.rpm", "hotspot-debuginfo-0.9.0-1.x86_64.rpm", "hotspot-debugsource-0.9.0-1.x86_64.rpm", "hotspot-0.9.0-1.src.rpm"];
        release.Assets.Select(a => a.Name).Should().BeEquivalentTo([
            .. packages, "hotspot-0.9.0-1.x86_64.spdx.json", "hotspot-debuginfo-0.9.0-1.x86_64.spdx.json", "hotspot-debugsource-0.9.0-1.x86_64.spdx.json",
            "hotspot-0.9.0-1.x86_64.intoto.json", "hotspot-0.9.0-1.x86_64.buildinfo.json", "SHA256SUMS"]);
        uploadsAfterFirst.Should().Be(10);
        _github.Uploads.Should().Be(10, "the rebuild is byte-identical, so nothing is uploaded again");
        var packaged = first.Packages("hotspot");
        var provenance = JsonDocument.Parse(File.ReadAllText(packaged.Attestations.Single(f => f.EndsWith(".intoto.json", StringComparison.Ordinal)))).RootElement;
        provenance.GetProperty("subject").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()} {s.GetProperty("digest").GetProperty("sha256").GetString()}")
            .Should().BeEquivalentTo(packaged.Rpms.Concat(packaged.Srpms).Select(f => $"{Path.GetFileName(f)} {BuildKit.Hashing.FileSha256(f)}"), "it names every published package by its real digest");
        packaged.Rpms.Concat(packaged.Srpms).Select(Path.GetFileName).Should().BeEquivalentTo(packages);
    }

    [DockerFact]
    public async Task The_notes_of_a_later_build_list_the_upstream_changes_since_the_previous_build()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        await Run(upstream).PublishAsync();
        await upstream.CommitAsync("Find perfparser next to the binary", ("src/main.cpp", File.ReadAllText(Path.Combine(upstream.Work, "src", "main.cpp")) + "// found\n"));
        await upstream.PushAsync();

        // Act
        await Run(upstream, "main").PublishAsync();

        // Assert
        var later = _github.Releases.Single(r => r.Tag != "hotspot-0.9.0-1");
        later.Tag.Should().MatchRegex(@"^hotspot-0\.9\.0\.\d{8}\.\d{6}\.git[0-9a-f]{7}-1$");
        later.Prerelease.Should().BeTrue("a snapshot is a pre-release");
        later.Body.Should().Contain("Changes since the previous build").And.Contain("Find perfparser next to the binary");
    }
}
