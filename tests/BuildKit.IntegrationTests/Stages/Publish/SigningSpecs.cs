using BuildKit.Stages.Package;
using BuildKit.IntegrationTests.Products;
using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Stages.Publish;

public sealed class SigningSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly FakeGitHub _github = new();
    private readonly ProcessRunner _runner = new(new RecordingLog());

    public void Dispose()
    {
        _github.Dispose();
        _temp.Dispose();
    }

    private async Task<ProcessResult> RunAsync(string program, params string[] arguments) =>
        await _runner.RunAsync(new ToolCommand(program, arguments) with { Quiet = true, AcceptsFailure = true });

    private PipelineRun Publish(GitUpstream upstream, params string[] options) => PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "v0.9.0"), hostTrust: false,
        new Dictionary<string, string> { ["GITHUB_TOKEN"] = FakeGitHub.Token, ["GITHUB_REPOSITORY"] = "owner/repo", ["GITHUB_API_URL"] = _github.BaseUrl },
        ["--target=Publish", .. options]);

    [DockerFact]
    public async Task Signed_packages_verify_with_the_public_key_and_not_without_it_and_the_key_reaches_no_log()
    {
        // Arrange
        var (privateKey, publicKey, _) = await TestKey.CreateAsync(_temp);
        var upstream = await HotspotFixture.CreateAsync(_temp);
        var run = Publish(upstream, "--sign", $"--sign-key={privateKey}");

        // Act
        await run.PublishAsync();

        // Assert
        var rpm = run.Packages("hotspot").Rpms.Single(r => PackageFiles.NameOf(r) == "hotspot");
        var rpmdb = _temp.Combine("rpmdb");
        Directory.CreateDirectory(rpmdb);
        var withoutKey = await RunAsync("rpm", "--dbpath", rpmdb, "-K", rpm);
        withoutKey.Succeeded.Should().BeFalse(withoutKey.StandardOutput);
        await RunAsync("rpm", "--dbpath", rpmdb, "--import", publicKey);
        var withKey = await RunAsync("rpm", "--dbpath", rpmdb, "-K", rpm);
        withKey.Succeeded.Should().BeTrue(withKey.StandardOutput + withKey.StandardError);
        withKey.StandardOutput.Should().Contain("signatures OK");

        var publish = _temp.Combine("artifacts", "publish", "hotspot");
        var verifyHome = _temp.Combine("verify-gnupg");
        Directory.CreateDirectory(verifyHome);
        await RunAsync("gpg", "--homedir", verifyHome, "--batch", "--import", publicKey);
        (await RunAsync("gpg", "--homedir", verifyHome, "--batch", "--verify", Path.Combine(publish, "SHA256SUMS.asc"), Path.Combine(publish, "SHA256SUMS"))).Succeeded.Should().BeTrue();
        var repodata = _temp.Combine("artifacts", "repo", "debian-12", "x86_64", "repodata");
        (await RunAsync("gpg", "--homedir", verifyHome, "--batch", "--verify", Path.Combine(repodata, "repomd.xml.asc"), Path.Combine(repodata, "repomd.xml"))).Succeeded.Should().BeTrue();
        _github.Releases.Single().Assets.Select(a => a.Name).Should().Contain(["SHA256SUMS.asc", "RPM-GPG-KEY-buildkit.asc",
            "hotspot-0.9.0-1.x86_64.spdx.json.asc", "hotspot-0.9.0-1.x86_64.intoto.json.asc"]);
        var attestations = run.Packages("hotspot").Attestations.Where(f => !f.EndsWith(".asc", StringComparison.Ordinal)).ToList();
        attestations.Should().NotBeEmpty();
        foreach (var attestation in attestations)
            (await RunAsync("gpg", "--homedir", verifyHome, "--batch", "--verify", attestation + ".asc", attestation)).Succeeded.Should().BeTrue(attestation);

        var secretLine = File.ReadAllLines(privateKey).Where(l => l.Length > 40).Skip(5).First();
        run.Log.Text.Should().NotContain(secretLine);
        Directory.GetFiles(_temp.Combine("artifacts", "logs"), "*.log", SearchOption.AllDirectories).Should()
            .AllSatisfy(log => File.ReadAllText(log).Should().NotContain(secretLine));
    }

    [DockerFact]
    public async Task Without_sign_nothing_pretends_to_be_signed_and_dnf_reads_the_repository()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        var run = Publish(upstream);

        // Act
        await run.PublishAsync();

        // Assert
        var repo = _temp.Combine("artifacts", "repo", "debian-12", "x86_64");
        File.Exists(Path.Combine(repo, "repodata", "repomd.xml.asc")).Should().BeFalse();
        _github.Releases.Single().Assets.Select(a => a.Name).Should().NotContain(n => n.EndsWith(".asc"));
        File.ReadAllText(Path.Combine(repo, "buildkit-debian-12.repo")).Should().Contain("gpgcheck=0").And.Contain($"baseurl=file://{repo}");
        var query = await RunAsync("dnf", "-q", "--setopt=reposdir=/dev/null", $"--repofrompath=buildkit,file://{repo}", "--repo=buildkit",
            "repoquery", "--queryformat", "%{name} %{evr} %{arch}");
        query.Succeeded.Should().BeTrue(query.StandardError);
        query.StandardOutput.Should().Contain("hotspot 0.9.0-1 x86_64").And.Contain("hotspot-debuginfo 0.9.0-1 x86_64")
            .And.Contain("hotspot-debugsource 0.9.0-1 x86_64", "the repository serves the debug packages beside the package, as Copr does");
    }
}
