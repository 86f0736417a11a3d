using System.Text.RegularExpressions;
using BuildKit.Processes;
using BuildKit.Containers;
using BuildKit.Pipeline;

namespace BuildKit.IntegrationTests.Products;

public sealed class GrafanaSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task The_fixture_becomes_an_rpm_with_grafanas_layout_config_files_scriptlets_and_a_binary_that_knows_its_version_and_an_srpm_that_rebuilds_offline()
    {
        // Arrange
        var upstream = await GrafanaFixture.CreateAsync(_temp, "12.3.1");
        var run = PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(upstream.Url, "v12.3.1"), hostTrust: true);

        // Act
        await run.PackageAsync();

        // Assert
        var rpm = run.Packages("grafana").Rpms.Single();
        Path.GetFileName(rpm).Should().Be("grafana-12.3.1-1.x86_64.rpm");
        run.Packages("grafana").Srpms.Single().Should().EndWith("grafana-12.3.1-1.src.rpm");
        (await Rpm.QueryAsync("-qp", "--queryformat", "[%{EXCLUSIVEARCH} ]", run.Packages("grafana").Srpms.Single())).Should().Contain("x86_64");
        (await Rpm.QueryAsync("-qpi", rpm)).Should().MatchRegex(@"Version\s+: 12\.3\.1").And.MatchRegex(@"License\s+: AGPL-3\.0-only");
        var files = (await Rpm.QueryAsync("-qpl", rpm)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        files.Should().Contain([
            "/usr/libexec/grafana/grafana", "/usr/libexec/grafana/grafana-server", "/usr/libexec/grafana/grafana-cli", "/usr/share/grafana/bin",
            "/usr/share/grafana/conf/defaults.ini", "/usr/share/grafana/conf/sample.ini", "/usr/share/grafana/VERSION",
            "/usr/sbin/grafana-server", "/usr/sbin/grafana-cli", "/usr/lib/systemd/system/grafana-server.service",
            "/usr/lib/sysusers.d/grafana.conf", "/var/lib/grafana", "/var/log/grafana", "/usr/share/doc/grafana/BUILDINFO",
            "/usr/share/doc/grafana/grafana.spdx.json", "/usr/share/licenses/grafana/LICENSE"]);
        run.Packages("grafana").Attestations.Select(Path.GetFileName).Should().BeEquivalentTo("grafana-12.3.1-1.x86_64.spdx.json", "grafana-12.3.1-1.x86_64.intoto.json");
        (await Rpm.QueryAsync("-qp", "--provides", rpm)).Should().NotContain("bundled(", "the fixture links no module and ships no npm package");
        files.Should().Contain(f => f.StartsWith("/usr/share/grafana/public/build/app.", StringComparison.Ordinal));
        files.Should().NotContain(f => f.StartsWith("/usr/share/grafana/bin/", StringComparison.Ordinal), "ELF programs live in libexecdir; bin/ links there");
        (await Rpm.QueryAsync("-qp", "--configfiles", rpm)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should()
            .BeEquivalentTo("/etc/grafana/grafana.ini", "/etc/grafana/ldap.toml", "/etc/sysconfig/grafana-server");
        (await Rpm.QueryAsync("-qp", "--queryformat", "[%{FILEFLAGS:fflags} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILEMODES:perms} %{FILENAMES}\n]", rpm))
            .Should().Contain("cn root:grafana -rw-r----- /etc/grafana/grafana.ini", "c = %config, n = noreplace")
            .And.Contain(" grafana:grafana drwxr-x--- /var/lib/grafana");
        (await Rpm.QueryAsync("-qp", "--changelog", rpm)).Should()
            .StartWith("* ").And.Contain(" BuildKit <buildkit@localhost> - 12.3.1-1\n").And.MatchRegex(@"\n- grafana 12\.3\.1 \([0-9a-f]{7}\)\n");
        var scripts = await Rpm.QueryAsync("-qp", "--scripts", rpm);
        scripts.Should().Contain("preinstall scriptlet").And.Contain("useradd -r -g 'grafana'")
            .And.Contain("postuninstall scriptlet").And.Contain("if [ $1 -ge 1 ]").And.Contain("try-restart grafana-server.service")
            .And.Contain("if [ $1 -eq 0 ]").And.NotContain("systemctl start");

        var payload = _temp.Combine("payload");
        await Rpm.ExtractAsync(rpm, payload);
        var version = await Rpm.RunAsync(Path.Combine(payload, "usr/share/grafana/bin/grafana"), "--version");
        version.Should().StartWith($"grafana version 12.3.1 (commit: {await upstream.HeadAsync()}, branch: v12.3.1, buildstamp: ")
            .And.Contain("edition: oss");
        File.ReadAllText(Path.Combine(payload, "usr/share/doc/grafana/BUILDINFO")).Should().MatchRegex(@"toolchain: go 1\.\d+").And.MatchRegex(@"toolchain: yarn 4\.");

        var srpm = run.Packages("grafana").Srpms.Single();
        (await Rpm.QueryAsync("-qpl", srpm)).Should().Contain("grafana-12.3.1-vendor.tar.gz");
        var user = HostUser.Current();
        var rebuilt = await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("docker", "run", "--rm", "--network", "none", "--user", $"{user.Uid}:{user.Gid}", "-e", "HOME=/tmp",
            "-v", $"{Path.GetDirectoryName(srpm)}:/srpms:ro", "-v", $"{Path.Combine(Repository.Root, "specs")}:/buildkit/specs:ro",
            run.Builder("grafana").Tag, "bash", "-c", $$"""
                rpmbuild --rebuild --define '_topdir /tmp/rebuild' --load /buildkit/specs/macros.buildkit --define '_buildkit_specs /buildkit/specs' \
                  --nodeps /srpms/{{Path.GetFileName(srpm)}} > /tmp/rebuild.log 2>&1 || { tail -n 40 /tmp/rebuild.log; exit 1; }
                rpm -qpl /tmp/rebuild/RPMS/*/grafana-12.3.1-1.*.rpm
                """) with { Quiet = true, AcceptsFailure = true });
        rebuilt.ExitCode.Should().Be(0, rebuilt.StandardOutput);
        rebuilt.StandardOutput.Should().Contain("/usr/libexec/grafana/grafana", "the SRPM built without the network from what it carries");
    }

    [DockerFact]
    public async Task A_backend_only_change_reuses_the_frontend_its_bundled_plugins_the_vendor_archive_and_the_toolchain_report_and_a_frontend_change_rebuilds_them()
    {
        // Arrange
        var upstream = await GrafanaFixture.CreateAsync(_temp, "12.3.1");
        var packageJson = File.ReadAllText(Path.Combine(upstream.Work, "package.json"));
        await upstream.CommitAsync("Bundled plugins built by a script of their own, as Grafana 8 and 9 build plugins-bundled/",
            ("package.json", packageJson.Replace("\"build\": \"node scripts/build.js\"", "\"build\": \"node scripts/build.js\",\n    \"plugins:build-bundled\": \"node scripts/build-plugins.js\"")),
            ("scripts/build-plugins.js", """
                const fs = require('fs');
                fs.mkdirSync('plugins-bundled/internal/input-datasource/dist', { recursive: true });
                fs.writeFileSync('plugins-bundled/internal/input-datasource/dist/module.js', '// built\n');
                """));
        await upstream.PushAsync();
        var yaml = GrafanaFixture.ProductsYaml(upstream.Url, "main");
        var first = PipelineRun.Open(_temp, yaml, hostTrust: true);
        await first.PackageAsync();
        var server = File.ReadAllText(Path.Combine(upstream.Work, "pkg", "server", "server.go"));

        // Act
        await upstream.CommitAsync("backend change", ("pkg/server/server.go", server + "// a one-line backend change\n"));
        await upstream.PushAsync();
        var backendOnly = PipelineRun.Open(_temp, yaml, hostTrust: true);
        await backendOnly.PackageAsync();
        await upstream.CommitAsync("frontend change", ("public/app/index.ts", "export const changed = true;\n"));
        await upstream.PushAsync();
        var frontendToo = PipelineRun.Open(_temp, yaml, hostTrust: true);
        await frontendToo.PackageAsync();

        // Assert
        backendOnly.Log.Text.Should().MatchRegex(@"\[grafana/frontend\] skipped: its inputs are those of an earlier build \(step key [0-9a-f]{24}\); restored public/build, \.buildkit-sbom, plugins-bundled")
            .And.NotContain("[grafana/frontend] start:").And.Contain("[grafana/backend] start:");
        first.Log.Text.Should().Contain("go env GOVERSION");
        backendOnly.Log.Text.Should().NotContain("go env GOVERSION", "the builder image is the same, so its toolchains are not asked again");
        frontendToo.Log.Text.Should().Contain("[grafana/frontend] start:").And.NotContain("[grafana/frontend] skipped");
        backendOnly.Log.Text.Should().MatchRegex(@"\[grafana/vendor\] skipped: its inputs are those of an earlier build \(step key [0-9a-f]{24}\); restored \.buildkit-vendor",
            "a change inside a function changes no manifest and no import");
        (await Rpm.QueryAsync("-qpl", backendOnly.Packages("grafana").Srpms.Single())).Should().MatchRegex(@"grafana-\S+-vendor\.tar\.gz");
        foreach (var run in new[] { backendOnly, frontendToo })
            (await Rpm.QueryAsync("-qpl", run.Packages("grafana").Rpms.Single())).Should()
                .MatchRegex(@"/usr/share/grafana/public/build/app\.[0-9a-f]{12}\.js", "the restored frontend is packaged like a built one")
                .And.Contain("/usr/share/grafana/plugins-bundled/internal/input-datasource/dist/module.js");
    }

    [DockerFact]
    public async Task A_backend_that_fails_beside_a_frontend_still_building_is_the_failure_reported_and_takes_the_container_with_the_frontend()
    {
        // Arrange
        var upstream = await GrafanaFixture.CreateAsync(_temp, "12.3.1");
        await upstream.CommitAsync("a frontend that never ends and a backend that does not compile",
            ("scripts/build.js", "setInterval(() => {}, 1000);\n"),
            ("pkg/server/broken.go", "package server\n\nfunc broken() { undefined() }\n"));
        await upstream.PushAsync();
        var run = PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(upstream.Url, "main"), hostTrust: true);

        // Act
        var act = () => run.PackageAsync().WaitAsync(TimeSpan.FromMinutes(10));

        // Assert
        var message = (await act.Should().ThrowAsync<RunFailedException>()).Which.Message;
        message.Should().StartWith("grafana/Build: step 'backend' failed (exit ").And.Contain("undefined: undefined");
        run.Log.Text.Should().Contain("[grafana/build] frontend and backend run at once").And.Contain("[grafana/frontend] start:")
            .And.NotContain("[grafana/frontend] done");
        var container = Regex.Match(run.Log.Text, @"docker run --detach --rm --init --name (\S+)").Groups[1].Value;
        var left = await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("docker", "ps", "--all", "--quiet", "--filter", $"name=^{container}$") with { Quiet = true });
        container.Should().StartWith("buildkit-grafana-");
        left.StandardOutput.Should().BeEmpty("the endless frontend went with its container");
    }
}
