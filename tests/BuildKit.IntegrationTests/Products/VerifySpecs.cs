using BuildKit.Pipeline;
using BuildKit.Records;
using Xunit.Abstractions;

namespace BuildKit.IntegrationTests.Products;

public sealed class VerifySpecs(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private async Task<GitUpstream> TwoGrafanaReleasesAsync()
    {
        var upstream = await GrafanaFixture.CreateAsync(_temp, "12.3.0");
        await GrafanaFixture.ReleaseAsync(upstream, "12.3.1");
        return upstream;
    }

    private Task BuildAsync(GitUpstream upstream, string reference, string? spec = null) =>
        PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(upstream.Url, reference, spec), hostTrust: true).PackageAsync();

    private PipelineRun Verify(GitUpstream upstream, string reference, string? spec = null) =>
        PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(upstream.Url, reference, spec), hostTrust: true);

    [DockerFact]
    public async Task A_good_package_passes_rpmlint_installs_and_upgrades_keeping_edited_config_and_the_user_and_refuses_a_downgrade()
    {
        // Arrange
        var upstream = await TwoGrafanaReleasesAsync();
        await BuildAsync(upstream, "v12.3.0");
        var run = Verify(upstream, "v12.3.1");

        // Act
        await run.VerifyAsync();

        // Assert
        run.Log.Text.Should().Contain("[grafana/verify] rpmlint: no errors")
            .And.Contain("[grafana/verify] upgraded from grafana-12.3.0-1.x86_64.rpm: grafana version 12.3.1")
            .And.Contain("/etc/grafana/grafana.ini kept its local edit; the new default is /etc/grafana/grafana.ini.rpmnew")
            .And.Contain("a downgrade to grafana-12.3.0-1.x86_64.rpm is refused")
            .And.Contain("not checked on the apt family");
    }

    [DockerFact]
    public async Task The_build_record_lists_every_artifact_with_its_real_size_and_digest()
    {
        // Arrange
        var upstream = await GrafanaFixture.CreateAsync(_temp, "12.3.0");
        var run = Verify(upstream, "v12.3.0");

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
    public async Task The_upgrade_test_fails_a_package_whose_config_file_is_not_noreplace()
    {
        // Arrange
        var upstream = await TwoGrafanaReleasesAsync();
        await BuildAsync(upstream, "v12.3.0");
        var plainConfig = GrafanaFixture.SpecVariant(_temp, "plain-config",
            spec => spec.Replace("%config(noreplace) %attr(0640, root, grafana) %{_sysconfdir}/grafana/grafana.ini", "%config %attr(0640, root, grafana) %{_sysconfdir}/grafana/grafana.ini"));

        // Act
        var act = () => Verify(upstream, "v12.3.1", plainConfig).VerifyAsync();

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>())
            .WithMessage("grafana/Verify: The upgrade test of grafana-12.3.1-1.x86_64.rpm from grafana-12.3.0-1.x86_64.rpm failed: /etc/grafana/grafana.ini lost its local edit on upgrade: a configuration file must be %config(noreplace)");
    }

    [DockerFact]
    public async Task The_upgrade_test_fails_a_package_whose_scriptlet_deletes_the_service_user()
    {
        // Arrange
        var upstream = await TwoGrafanaReleasesAsync();
        var deletesUser = GrafanaFixture.SpecVariant(_temp, "deletes-user", spec => spec.Replace("%postun\n", "%postun\nuserdel grafana || :\n"));
        await BuildAsync(upstream, "v12.3.0", deletesUser);

        // Act
        var act = () => Verify(upstream, "v12.3.1").VerifyAsync();

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>())
            .WithMessage("grafana/Verify: The upgrade test of grafana-12.3.1-1.x86_64.rpm from grafana-12.3.0-1.x86_64.rpm failed: the service user and group grafana do not exist after the upgrade*");
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
            .WithMessage("hotspot/Verify: rpmlint found * error(s): hotspot.x86_64: description-line-too-long This line is far too long*Fix the spec, or accept a finding with a filter and its reason in specs/rpmlint.toml.");
    }

    [DockerFact]
    public async Task An_incremental_build_after_a_change_gives_the_payload_a_clean_build_of_the_same_commit_gives()
    {
        // Arrange
        var upstream = await HotspotFixture.CreateAsync(_temp);
        await PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "main")).PackageAsync();
        var main = Path.Combine(upstream.Work, "src", "main.cpp");
        var changed = await upstream.CommitAsync("a one-line change", ("src/main.cpp", (await File.ReadAllTextAsync(main)).Replace("int main(", "// changed\nint main(")));
        await upstream.PushAsync();
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(upstream.Url, "main"), options: "--check-reproducible");

        // Act
        await run.VerifyAsync();

        // Assert
        var log = run.Log.Text;
        var incremental = log.IndexOf("[hotspot/build] incremental: the build folder of the last build is kept", StringComparison.Ordinal);
        var clean = log.IndexOf("[hotspot/build] clean: an empty build folder, as --check-reproducible builds a second time from scratch", StringComparison.Ordinal);
        incremental.Should().BeInRange(0, clean, "the build is incremental and the reproducibility rebuild after it clean");
        var incrementalBuild = log[incremental..clean];
        incrementalBuild.Should().Contain("Building CXX object src/CMakeFiles/hotspot.dir/main.cpp.o", "the changed file is compiled again")
            .And.NotContain("Building CXX object src/CMakeFiles/hotspot.dir/models/", "the unchanged ones are not");
        log[clean..].Should().Contain("Building CXX object src/CMakeFiles/hotspot.dir/models/", "the clean rebuild compiles every file");
        var report = run.Verification("hotspot").Reproducibility!;
        output.WriteLine($"hotspot fixture, incremental against clean: {report.Summary}");
        report.PayloadsMatch.Should().BeTrue(report.Summary);
        (report.Identical.Length + report.SamePayload.Length).Should().Be(4, "the RPM, its debuginfo and debugsource, and the SRPM");
        var secondTree = Path.Combine(run.Paths.Reproducibility, "hotspot", "tree");
        run.Log.Text.Should().Contain($"[hotspot/fetch] a second tree of {changed[..12]} in {secondTree}");
        File.Exists(Path.Combine(secondTree, "3rdparty", "perfparser", "LICENSE.GPLv3")).Should().BeTrue("the second tree has the submodule too");
    }
}
