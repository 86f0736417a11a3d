using BuildKit.Stages.Package;

namespace BuildKit.IntegrationTests.Products;

/// <summary>One build of the hotspot fixture through Package (and the Sbom summary), made by the first test that asks for it and read by every test of the class.</summary>
public sealed class PackagedHotspot : IDisposable
{
    private readonly Lazy<Task<(GitUpstream Upstream, PipelineRun Run)>> _built;

    public PackagedHotspot() => _built = new(async () =>
    {
        var upstream = await HotspotFixture.CreateAsync(Temp, "0.9.3");
        var run = PipelineRun.Open(Temp, HotspotFixture.ProductsYaml(upstream.Url, "v0.9.3"));
        await run.SbomAsync();
        return (upstream, run);
    });

    public TempDir Temp { get; } = TempDir.Create();

    public Task<(GitUpstream Upstream, PipelineRun Run)> BuiltAsync() => _built.Value;

    public void Dispose() => Temp.Dispose();
}

public sealed class HotspotSpecs(PackagedHotspot hotspot) : IClassFixture<PackagedHotspot>
{
    [DockerFact]
    public async Task The_fixture_with_its_submodule_becomes_an_rpm_and_srpm_through_the_hotspot_recipe_and_spec()
    {
        // Act
        var (upstream, run) = await hotspot.BuiltAsync();

        // Assert
        var rpm = hotspot.Temp.Combine("artifacts", "rpms", "debian-12", "hotspot-0.9.3-1.x86_64.rpm");
        File.Exists(hotspot.Temp.Combine("artifacts", "srpms", "debian-12", "hotspot-0.9.3-1.src.rpm")).Should().BeTrue();
        var info = await Rpm.QueryAsync("-qpi", rpm);
        info.Should().MatchRegex(@"Name\s+: hotspot").And.MatchRegex(@"Version\s+: 0\.9\.3").And.MatchRegex(@"Release\s+: 1\n")
            .And.MatchRegex(@"Build Host\s+: buildkit");
        var files = (await Rpm.QueryAsync("-qpl", rpm)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        files.Should().Contain([
            "/usr/bin/hotspot", "/usr/libexec/hotspot-perfparser", "/usr/libexec/elevate_perf_privileges.sh",
            "/usr/share/applications/com.kdab.hotspot.desktop", "/usr/share/icons/hicolor/scalable/apps/hotspot.svg",
            "/usr/share/metainfo/com.kdab.Hotspot.appdata.xml", "/usr/share/licenses/hotspot/LICENSE.GPL.txt",
            "/usr/share/doc/hotspot/BUILDINFO"]);
        (await Rpm.QueryAsync("-qp", "--configfiles", rpm)).Should().BeEmpty("hotspot ships no configuration");
        (await Rpm.QueryAsync("-qp", "--scripts", rpm)).Should().BeEmpty("hotspot needs no scriptlets");
        (await Rpm.QueryAsync("-qpR", rpm)).Should().Contain("libQt5Core.so.5()(64bit)", "rpmbuild derives shared-library requires");
        var buildInfo = await ExtractAsync(rpm, "./usr/share/doc/hotspot/BUILDINFO");
        buildInfo.Should().Contain($"repository: {upstream.Url}").And.Contain("requested-ref: v0.9.3")
            .And.Contain($"commit: {await upstream.HeadAsync()}").And.Contain("submodule: 3rdparty/perfparser ")
            .And.MatchRegex(@"toolchain: cmake \d").And.MatchRegex(@"toolchain: qt 5\.").And.Contain("builder-image: buildkit-builder-debian-12-hotspot-qt5:");
        run.Log.Text.Should().Contain("hotspot 0.9.3-1 " + await upstream.HeadAsync());
    }

    [DockerFact]
    public async Task The_rpm_provides_its_submodule_as_bundled_carries_an_sbom_naming_it_at_its_commit_and_the_sbom_target_sums_it_up()
    {
        // Act
        var (_, run) = await hotspot.BuiltAsync();

        // Assert
        var packaged = run.Packages("hotspot");
        var rpm = packaged.Rpms.Single(r => PackageFiles.NameOf(r) == "hotspot");
        var perfparser = packaged.Record.Submodules.Single();
        (await Rpm.QueryAsync("-qp", "--provides", rpm)).Split('\n').Should().Contain("bundled(perfparser)");
        (await Rpm.QueryAsync("-qp", "--queryformat", "%{LICENSE}", rpm)).Trim().Should().Be("GPL-2.0-or-later AND GPL-3.0-only", "perfparser declares no licence of its own");
        var installed = await ExtractAsync(rpm, "./usr/share/doc/hotspot/hotspot.spdx.json");
        installed.Should().Contain("\"spdxVersion\": \"SPDX-2.3\"").And.Contain("\"name\": \"perfparser\"")
            .And.Contain($"\"versionInfo\": \"{perfparser.Commit}\"").And.Contain($"\"downloadLocation\": \"git+{perfparser.Url}@{perfparser.Commit}\"");
        packaged.Attestations.Select(Path.GetFileName).Should().BeEquivalentTo(
            [.. packaged.Rpms.Select(r => Path.GetFileName(r)[..^".rpm".Length] + ".spdx.json"), "hotspot-0.9.3-1.x86_64.intoto.json"]);
        File.ReadAllText(packaged.Attestations.Single(f => f.EndsWith("hotspot-0.9.3-1.x86_64.spdx.json", StringComparison.Ordinal)))
            .Should().Contain($"\"checksumValue\": \"{BuildKit.Hashing.FileSha256(rpm)}\"");
        run.Log.Text.Should().Contain("[hotspot/Sbom]   generic: 1 shipped, 0 build-only").And.Contain($"no licence declared (1): perfparser {perfparser.Commit}");
    }

    [DockerFact]
    public async Task The_build_makes_what_the_package_installs_and_not_the_test_client_the_tree_adds_whatever_BUILD_TESTING_says()
    {
        // Act
        await hotspot.BuiltAsync();

        // Assert
        var build = hotspot.Temp.Combine("artifacts", "build", "hotspot");
        File.ReadAllText(Path.Combine(build, "build.ninja")).Should().Contain("dump-test-client", "the fixture's tests/ adds it, as hotspot's does");
        var made = Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        made.Should().Contain(["hotspot", "hotspot-perfparser"]).And.NotContain("dump-test-client");
    }

    [DockerFact]
    public async Task The_packaged_binary_prints_the_version_it_was_built_with()
    {
        // Arrange
        var (_, run) = await hotspot.BuiltAsync();
        var rpm = run.Packages("hotspot").Rpms.Single(r => PackageFiles.NameOf(r) == "hotspot");
        var payload = hotspot.Temp.Combine("payload-to-run");
        await Rpm.ExtractAsync(rpm, payload);

        // Act
        var output = await Rpm.RunAsync("docker", "run", "--rm", "-e", "QT_QPA_PLATFORM=offscreen", "-v", $"{payload}:/payload:ro",
            run.Builder("hotspot").Tag, "/payload/usr/bin/hotspot", "--version");

        // Assert
        Path.GetFileName(rpm).Should().Be("hotspot-0.9.3-1.x86_64.rpm");
        output.Trim().Should().Be("hotspot 0.9.3");
    }

    [DockerFact]
    public async Task The_debuginfo_rpm_holds_the_build_ids_of_the_packaged_binaries_and_the_debugsource_rpm_the_sources_they_name()
    {
        // Arrange
        var (_, run) = await hotspot.BuiltAsync();
        var rpms = run.Packages("hotspot").Rpms;
        var payload = hotspot.Temp.Combine("payload-to-read");
        await Rpm.ExtractAsync(rpms.Single(r => PackageFiles.NameOf(r) == "hotspot"), payload);

        // Act
        var buildIds = new List<string>();
        foreach (var binary in new[] { "usr/bin/hotspot", "usr/libexec/hotspot-perfparser" })
            buildIds.Add(BuildId(await Rpm.RunAsync("readelf", "-n", Path.Combine(payload, binary))));
        var debugFiles = await Rpm.QueryAsync("-qpl", rpms.Single(r => PackageFiles.NameOf(r) == "hotspot-debuginfo"));
        var sources = await Rpm.QueryAsync("-qpl", rpms.Single(r => PackageFiles.NameOf(r) == "hotspot-debugsource"));
        var sections = await Rpm.RunAsync("readelf", "-S", Path.Combine(payload, "usr/bin/hotspot"));

        // Assert
        Path.GetFileName(rpms.Single(r => PackageFiles.NameOf(r) == "hotspot-debuginfo")).Should().Be("hotspot-debuginfo-0.9.3-1.x86_64.rpm");
        buildIds.Should().OnlyContain(id => id.Length == 40);
        foreach (var id in buildIds)
            debugFiles.Should().Contain($"/usr/lib/debug/.build-id/{id[..2]}/{id[2..]}.debug\n", "the debuginfo package holds the .debug file of every packaged binary");
        sections.Should().NotContain(".debug_info", "the packaged binary is stripped: its debug info is in the debuginfo package");
        sources.Split('\n').Should().Contain([
            "/usr/src/debug/hotspot-0.9.3-1.x86_64/src/main.cpp", "/usr/src/debug/hotspot-0.9.3-1.x86_64/3rdparty/perfparser/app/main.cpp",
            "/usr/src/debug/hotspot-0.9.3-1.x86_64/buildkit-build/src/models/costmodel1.cpp"], "the sources the debug info names, the generated ones too");
    }

    /// <summary>The GNU build-id in readelf -n's notes.</summary>
    private static string BuildId(string notes) =>
        notes.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("Build ID:", StringComparison.Ordinal))["Build ID:".Length..].Trim();

    private static Task<string> ExtractAsync(string rpm, string path) =>
        Rpm.RunAsync("bash", "-c", $"rpm2cpio '{rpm}' | cpio -i --quiet --to-stdout '{path}'");
}
