using BuildKit.Pipeline;
using BuildKit.Records;

namespace BuildKit.IntegrationTests.Products;

public sealed class VerifySpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task The_build_record_lists_every_artifact_with_its_real_size_and_digest()
    {
        // Arrange
        var upstream = await GrafanaFixture.CreateAsync(_temp, "12.3.0");
        var run = PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(upstream.Url, "v12.3.0"), hostTrust: true);

        // Act
        await run.PackageAsync();

        // Assert
        var record = BuildRecord.TryRead(_temp.Combine("artifacts", "buildinfo", "grafana.json"), new RecordingLog())!;
        record.Version.Should().Be("12.3.0-1");
        record.Commit.Should().Be(await upstream.HeadAsync());
        record.Toolchains.Keys.Should().Contain(["go", "node", "yarn", "gcc"]);
        var files = run.Packages("grafana").Rpms.Concat(run.Packages("grafana").Srpms).Append(run.Packages("grafana").Files.Source0)
            .Concat(run.Packages("grafana").Attestations);
        record.Artifacts.Should().BeEquivalentTo(files.Select(BuildArtifact.Of));
        record.Artifacts.Should().Contain(a => a.Name == "grafana-12.3.0-1.x86_64.rpm" && a.Sha256.Length == 64 && a.Size > 0)
            .And.Contain(a => a.Name == "grafana-12.3.0-1.x86_64.spdx.json").And.Contain(a => a.Name == "grafana-12.3.0-1.x86_64.intoto.json");
    }

    [DockerFact]
    public async Task A_spec_with_an_rpmlint_error_fails_the_gate_naming_the_package_and_the_check()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        var folder = _temp.Combine("specs-lint");
        Directory.CreateDirectory(folder);
        var spec = File.ReadAllText(Path.Combine(Repository.Root, "specs", "hotspot.spec"))
            .Replace("%description\n", "%description\nThis line is far too long for a package description and rpmlint reports it as an error every time.\n");
        File.WriteAllText(Path.Combine(folder, "hotspot.spec"), spec);
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "v0.9.0").Replace(Path.Combine(Repository.Root, "specs", "hotspot.spec"), Path.Combine(folder, "hotspot.spec")));

        // Act
        var act = () => run.VerifyAsync();

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>())
            .WithMessage("hotspot/Verify: rpmlint found * error(s): *hotspot.x86_64: description-line-too-long This line is far too long*Fix the spec, or accept a finding with a filter and its reason in specs/rpmlint.toml.");
    }

    [DockerFact]
    public async Task Build_package_and_the_package_checks_share_one_container_and_only_the_install_test_starts_another()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "v0.9.0"));

        // Act
        await run.VerifyAsync();

        // Assert
        var logs = Directory.GetFiles(_temp.Combine("artifacts", "logs", "hotspot"), "*.log");
        var starts = logs.Where(log => File.ReadAllText(log).Contains("$ docker run ", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension);
        starts.Should().BeEquivalentTo(["container", "install"], "package, rpmlint and the debuginfo check run in the build's container");
        logs.Select(Path.GetFileNameWithoutExtension).Should().Contain(["build", "package", "rpmlint", "debuginfo"]);
        File.ReadAllText(_temp.Combine("artifacts", "logs", "hotspot", "container.log")).Should().Contain("$ docker rm --force", "the run removes it as it ends");
    }
}
