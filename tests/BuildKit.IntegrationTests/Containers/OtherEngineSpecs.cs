using BuildKit.Configuration;
using BuildKit.IntegrationTests.Products;
using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Containers;

/// <summary>
/// The hotspot fixture built on docker once, as the reference the other engines' packages are compared with: the same
/// upstream commit must give the same files, byte for byte, on every engine. Only the build record and the SBOM differ,
/// since they name the builder image's id and the run's own folders.
/// </summary>
public sealed class DockerReference : IAsyncLifetime
{
    private static readonly string[] NamesTheRun = ["/usr/share/doc/hotspot/BUILDINFO ", "/usr/share/doc/hotspot/hotspot.spdx.json "];

    public TempDir Temp { get; } = TempDir.Create();
    public GitUpstream Upstream { get; private set; } = null!;
    public string BuilderTag { get; private set; } = "";
    public IReadOnlyList<string> Contents { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (Docker.SkipReason is not null) return;
        Upstream = await HotspotFixture.CreateAsync(Temp);
        var run = PipelineRun.Open(Temp, HotspotFixture.ProductsYaml(Upstream.Url, "v0.9.0"));
        await run.VerifyAsync();
        BuilderTag = run.Builder("hotspot").Tag;
        Contents = await ContentsAsync(Temp.Combine("artifacts"));
    }

    public Task DisposeAsync()
    {
        Temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every file of the hotspot package an artifacts folder holds: path, size, digest, mode, owner.</summary>
    public static async Task<IReadOnlyList<string>> ContentsAsync(string artifacts)
    {
        var rpm = Directory.GetFiles(Path.Combine(artifacts, "rpms", "debian-12"), "hotspot-0.9.0*.x86_64.rpm").Single();
        var dump = await Rpm.QueryAsync("-qlp", "--dump", rpm);
        return [.. dump.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !NamesTheRun.Any(line.StartsWith))
            .Select(line => line.Split(' ')).Select(f => string.Join(' ', f[0], f[1], f[3], f[4], f[5], f[6]))];
    }
}

public sealed class OtherEngineSpecs(DockerReference docker) : IClassFixture<DockerReference>, IDisposable
{
    private const string RootlessUser = "buildkit-rootless";
    private static readonly ProcessRunner Runner = new(new RecordingLog());
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose()
    {
        Podman.RemoveVolumes(VolumePrefix(EnvironmentSnapshot.Capture()));
        Podman.RemoveVolumes(VolumePrefix(EnvironmentSnapshot.Empty), RootlessUser);
        _temp.Dispose();
    }

    /// <summary>The prefix of the run's cache volumes: this test run's own, unless the environment is left out (as the rootless user's is).</summary>
    private string VolumePrefix(EnvironmentSnapshot environment) => BuildKit.Containers.CacheVolume.Prefix(null, environment, _temp.Combine("cache")) + "-";

    private static async Task<string> RunAsync(string program, params string[] arguments) =>
        (await Runner.RunAsync(new ToolCommand(program, arguments) with { Quiet = true })).StandardOutput;

    [PodmanFact]
    public async Task The_hotspot_fixture_goes_through_Verify_on_rootful_podman_into_the_same_files_as_on_docker_leaving_no_container()
    {
        // Arrange
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(docker.Upstream.Url, "v0.9.0"), false, "--engine=podman");

        // Act
        await run.VerifyAsync();

        // Assert
        (await DockerReference.ContentsAsync(_temp.Combine("artifacts"))).Should().Equal(docker.Contents);
        run.Builder("hotspot").Tag.Should().Be(docker.BuilderTag, "a builder's tag is the hash of what it is made of, whichever engine makes it");
        run.Pipeline.Run.Plan.Builder.Location.Remote.Should().BeFalse();
        Podman.Run(out var left, "ps", "--all", "--quiet", "--filter", "label=buildkit.product=hotspot");
        left.Should().BeEmpty("every container the run started is removed as it ends");
        Podman.Run(out var volumes, "volume", "ls", "--quiet");
        volumes.Should().Contain(VolumePrefix(EnvironmentSnapshot.Capture()) + "hotspot-ccache", "the build's caches are podman volumes of the run's cache folder");
    }

    [PodmanFact(rootless: true)]
    public async Task An_ordinary_user_builds_the_hotspot_fixture_through_Verify_on_rootless_podman_and_owns_every_file_it_made()
    {
        // Arrange
        await RootlessUserAsync();
        var checkout = await CheckoutForAsync(RootlessUser);
        var remotes = _temp.Combine("remotes");
        await RunAsync("cp", "-a", docker.Temp.Combine("remotes"), remotes);
        var config = _temp.File("products.yaml", HotspotFixture.ProductsYaml(docker.Upstream.Url, "v0.9.0").Replace(Path.Combine(Repository.Root, "specs"), Path.Combine(checkout, "specs")));
        await RunAsync("chown", "-R", $"{RootlessUser}:", _temp.Path);
        string[] options = [$"--config={config}", "--target=Verify", $"--artifacts={_temp.Combine("artifacts")}", $"--cache-dir={_temp.Combine("cache")}",
            "--distribution=debian-12", $"--base-image={Docker.BaseImage}", "--engine=podman", $"--mirror=file://{docker.Temp.Combine("remotes")}/=file://{remotes}/"];

        // Act
        var result = await Runner.RunAsync(new ToolCommand("runuser", ["-u", RootlessUser, "--", "env", "-i", $"HOME=/home/{RootlessUser}", "PATH=/usr/local/bin:/usr/bin:/bin",
            $"NUGET_PACKAGES={_temp.Combine("nuget")}", Path.Combine(checkout, "build.sh"), .. options]) { WorkingDirectory = _temp.Path } with { Quiet = true, AcceptsFailure = true });

        // Assert
        result.ExitCode.Should().Be(0, result.StandardOutput + result.StandardError);
        (await DockerReference.ContentsAsync(_temp.Combine("artifacts"))).Should().Equal(docker.Contents);
        var uid = (await RunAsync("id", "-u", RootlessUser)).Trim();
        (await RunAsync("find", _temp.Combine("artifacts"), _temp.Combine("cache"), "!", "-uid", uid)).Should().BeEmpty("what the run made is the user's, as with docker");
        Podman.RunAs(RootlessUser, out var left, "ps", "--all", "--quiet");
        left.Should().BeEmpty("every container the run started is removed as it ends");
    }

    [DockerFact]
    public async Task The_hotspot_fixture_builds_on_an_engine_that_sees_none_of_this_machines_files_and_its_packages_land_here()
    {
        // Arrange
        await using var remote = await RemoteEngine.StartAsync(docker.BuilderTag);
        var run = PipelineRun.Open(_temp, HotspotFixture.ProductsYaml(docker.Upstream.Url, "v0.9.0"), false,
            new Dictionary<string, string> { [EnvVars.DockerHost] = remote.Host });

        // Act
        await run.VerifyAsync();

        // Assert
        (await DockerReference.ContentsAsync(_temp.Combine("artifacts"))).Should().Equal(docker.Contents);
        run.Pipeline.Run.Plan.Builder.Location.Why.Should().StartWith($"$DOCKER_HOST is {remote.Host}, not a socket on this machine");
        var logs = Directory.GetFiles(_temp.Combine("artifacts", "logs"), "*.log", SearchOption.AllDirectories).Select(File.ReadAllText);
        logs.Should().NotContain(log => log.Contains("--volume /", StringComparison.Ordinal), "no folder of this machine is bind-mounted");
        (await remote.DockerAsync("ps", "--all", "--quiet")).Should().BeEmpty("every container the run started is removed as it ends");
    }

    /// <summary>The ordinary user the rootless test runs as, with subordinate ids, podman's overlay storage and the base image.</summary>
    private static async Task RootlessUserAsync()
    {
        if ((await Runner.RunAsync(new ToolCommand("id", RootlessUser) with { Quiet = true, AcceptsFailure = true })).ExitCode != 0)
            await RunAsync("useradd", "--create-home", "--shell", "/bin/bash", RootlessUser);
        if (!File.ReadAllLines("/etc/subuid").Any(line => line.StartsWith(RootlessUser + ":", StringComparison.Ordinal)))
            await RunAsync("usermod", "--add-subuids", "200000-265535", "--add-subgids", "200000-265535", RootlessUser);
        var storage = $"/home/{RootlessUser}/.config/containers/storage.conf";
        if (!File.Exists(storage))
        {
            await RunAsync("runuser", "-u", RootlessUser, "--", "mkdir", "-p", Path.GetDirectoryName(storage)!);
            await RunAsync("runuser", "-u", RootlessUser, "--", "sh", "-c", $"printf '[storage]\\ndriver = \"overlay\"\\n' > {storage}");
        }
        if (Podman.RunAs(RootlessUser, out _, "image", "exists", Docker.BaseImage) != 0)
            await RunAsync("sh", "-c", $"cd / && docker save {Docker.BaseImage} | runuser -u {RootlessUser} -- podman load -q");
    }

    /// <summary>
    /// This checkout's files (committed or not, never ignored ones) in a folder the user owns, its engine built, and the
    /// pinned Cake in a package folder of the user's: what a user's own clone after its first ./build.sh holds.
    /// </summary>
    private async Task<string> CheckoutForAsync(string user)
    {
        var checkout = _temp.Combine("checkout");
        await Repository.CopyFilesToAsync(checkout);
        await RunAsync(Path.Combine(checkout, "build.sh"), "--version");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".config", "dotnet-tools.json")))
            .RootElement.GetProperty("tools").GetProperty("cake.tool").GetProperty("version").GetString()!;
        var cake = Path.Combine(packages, "cake.tool", version);
        Directory.CreateDirectory(_temp.Combine("nuget", "cake.tool"));
        await RunAsync("cp", "-a", cake, _temp.Combine("nuget", "cake.tool"));
        return checkout;
    }
}
