using System.Net.Sockets;
using BuildKit.Containers;
using BuildKit.IntegrationTests.Products;
using BuildKit.IntegrationTests.Stages.Publish;

namespace BuildKit.IntegrationTests.Faults;

/// <summary>
/// The hello fixture built once through Verify, for faults that start from an earlier build: its artifacts and cache are
/// copied into each fault's workspace, whose runs then find that build as a user's next run would.
/// </summary>
public sealed class BuiltHello : IDisposable
{
    /// <summary>The tag built, so that the version is the release 1.2.0.</summary>
    public const string Release = "v1.2.0";

    private readonly SemaphoreSlim _gate = new(1);
    private readonly FaultWorkspace _workspace = new();
    private bool _built;

    /// <summary>Builds hello once, then copies that build's products file, artifacts and cache into <paramref name="w"/>.</summary>
    internal async Task CopyIntoAsync(FaultWorkspace w)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_built)
            {
                await _workspace.HelloAsync(Release);
                var build = await _workspace.RunAsync(_workspace.Options("--target=Verify"));
                build.ExitCode.Should().Be(0, build.ToString());
                _built = true;
            }
        }
        finally
        {
            _gate.Release();
        }
        await Copy(_workspace.Artifacts, w.Artifacts);
        await Copy(_workspace.Cache, w.Cache);
        File.Copy(_workspace.ProductsFile, w.ProductsFile, overwrite: true);
    }

    private static Task Copy(string from, string to) =>
        new BuildKit.Processes.ProcessRunner(new RecordingLog()).RunAsync(new BuildKit.Processes.ToolCommand("cp", "-a", from, to) with { Quiet = true });

    public void Dispose() => _workspace.Dispose();
}

/// <summary>
/// Faults of the container engine, the builds, the packages and publishing. Each ends with its product and stage named, a
/// non-zero exit, no container left running, nothing half-written and no secret stored; a run killed outright leaves
/// containers that the next run removes.
/// </summary>
public sealed class EngineFaultSpecs(BuiltHello built) : IDisposable, IClassFixture<BuiltHello>
{
    private readonly FaultWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static async Task<BuildShResult> HelloRunAsync(FaultWorkspace w, params string[] options)
    {
        await w.HelloAsync(BuiltHello.Release);
        return await w.RunAsync(w.Options(options));
    }

    /// <summary>A run of the earlier build's products file, artifacts and cache, publishing to a GitHub that <paramref name="arrange"/> sets up.</summary>
    private async Task<BuildShResult> PublishBuiltAsync(FaultWorkspace w, Action<FakeGitHub> arrange)
    {
        await built.CopyIntoAsync(w);
        using var github = new FakeGitHub();
        arrange(github);
        w.Environment["GITHUB_TOKEN"] = FakeGitHub.Token;
        w.Secret(FakeGitHub.Token);
        return await w.RunAsync(w.Options("--target=Publish", "--github-repo=owner/repo", $"--github-api-url={github.BaseUrl}"));
    }

    private static async Task<BuildShResult> PreflightAsync(FaultWorkspace w, Action<FakeGitHub> arrange, string token = FakeGitHub.Token)
    {
        await w.HelloAsync(BuiltHello.Release);
        using var github = new FakeGitHub();
        arrange(github);
        w.Environment["GITHUB_TOKEN"] = token;
        w.Secret(token);
        return await w.RunAsync(w.Options("--target=Publish", "--github-repo=owner/repo", $"--github-api-url={github.BaseUrl}"));
    }

    /// <summary>The containers labelled with the owner process <paramref name="ownerPid"/>.</summary>
    internal static IReadOnlyList<string> ContainersOf(int ownerPid) =>
        Docker.Run("ps", "--all", "--filter", "label=" + ContainerOwner.Label, "--format", $"{{{{.Names}}}} {{{{.Label \"{ContainerOwner.Label}\"}}}}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Split(' ')[1].Split('/')[1] == ownerPid.ToString())
            .ToList();

    private Fault[] Faults =>
    [
        new("06 a docker socket that accepts and never answers", async w =>
        {
            var path = w.Temp.Combine("silent.sock");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen();
            w.Environment["DOCKER_HOST"] = "unix://" + path;
            return await HelloRunAsync(w, "--target=Provision");
        }, Fault.Failed, "The container engine at unix://", "does not answer"),
        new("12 a truncated build record", async w =>
        {
            await built.CopyIntoAsync(w);
            var record = Path.Combine(w.Artifacts, "buildinfo", "hello.json");
            File.WriteAllText(record, File.ReadAllText(record)[..40]);
            return await w.RunAsync(w.Options("--target=Package"));
        }, 0, "hello.json is not a readable build record", "so it is built again", "[hello/build]"),
        new("15a a GitHub token GitHub refuses", w => PreflightAsync(w, _ => { }, token: "canary-refused-token-77d1"),
            Fault.BadInput, "The token in GITHUB_TOKEN is not valid (GitHub answered 401"),
        new("15b a GitHub repository that does not exist", async w =>
        {
            await w.HelloAsync(BuiltHello.Release);
            using var github = new FakeGitHub();
            w.Environment["GITHUB_TOKEN"] = FakeGitHub.Token;
            w.Secret(FakeGitHub.Token);
            return await w.RunAsync(w.Options("--target=Publish", "--github-repo=owner/missing", $"--github-api-url={github.BaseUrl}"));
        }, Fault.BadInput, "has no repository owner/missing"),
        new("15c a GitHub token that may not push", w => PreflightAsync(w, github => github.CanPush = false), Fault.BadInput, "push"),
        new("51 a docker daemon that is not running", w =>
        {
            w.Environment["DOCKER_HOST"] = "unix://" + w.Temp.Combine("no-daemon.sock");
            return HelloRunAsync(w, "--target=Provision");
        }, Fault.Failed, "daemon is not running or not reachable", "DOCKER_HOST"),
        new("52 no permission on the docker daemon's socket", w =>
        {
            var docker = w.Temp.File("bin/docker", "#!/bin/sh\n# The real docker CLI as a user outside the docker group.\nHOME=/tmp exec setpriv --reuid=65534 --regid=65534 --clear-groups docker \"$@\"\n");
            File.SetUnixFileMode(docker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            return HelloRunAsync(w, "--target=Provision", $"--engine={docker}");
        }, Fault.Failed, "refused access to its socket (permission denied)", "docker group"),
        new("53 a distribution mirror that cannot be reached", w => HelloRunAsync(w, "--target=Provision", "--distro-mirror=http://127.0.0.1:9/debian"),
            Fault.Failed, "hello/Provision:"),
        new("54 a build step that fails", async w =>
        {
            await w.HelloAsync(BuiltHello.Release, edit: (file, text) => file == "CMakeLists.txt" ? text.Replace("add_executable", "add_exectuable") : text);
            return await w.RunAsync(w.Options("--target=Build"));
        }, Fault.Failed, "hello/Build: step 'build' failed (exit 1) in the debian-12 hello builder:", "    CMake Error at CMakeLists.txt:4 (add_exectuable):",
            "  next: cmake stopped at CMakeLists.txt:4:", "logs/hello/build.log"),
        new("54b a build that needs a cmake package the builder lacks", async w =>
        {
            await w.HelloAsync(BuiltHello.Release, edit: (file, text) => file == "CMakeLists.txt" ? text.Replace("add_executable", "find_package(NoSuchThing CONFIG REQUIRED)\nadd_executable") : text);
            var result = await w.RunAsync(w.Options("--target=Build"));
            result.Output[result.Output.IndexOf("hello/Build: step", StringComparison.Ordinal)..].Should().NotContain("bash -c", "the script stays in the log");
            return result;
        }, Fault.Failed, "hello/Build: step 'build' failed (exit 1) in the debian-12 hello builder:",
            "Could not find a package configuration file provided by \"NoSuchThing\"", "  next: cmake did not find NoSuchThing in the builder.", "logs/hello/build.log"),
        new("55 packages removed after a build are built again, not taken as unchanged", async w =>
        {
            await built.CopyIntoAsync(w);
            File.Delete(Path.Combine(w.Artifacts, "rpms", "debian-12", "hello-1.2.0-1.x86_64.rpm"));
            var result = await w.RunAsync(w.Options("--target=Package"));
            result.Output.Should().NotContain("[hello/Build] reuse");
            File.Exists(Path.Combine(w.Artifacts, "rpms", "debian-12", "hello-1.2.0-1.x86_64.rpm")).Should().BeTrue();
            return result;
        }, 0, "[hello/build]"),
        new("56 a spec whose packaging fails", async w =>
        {
            await w.HelloAsync(BuiltHello.Release, spec: ThirdProductSpecs.HelloSpec.Replace("%{_bindir}/hello", "%{_bindir}/hello\n%{_bindir}/goodbye"));
            return await w.RunAsync(w.Options("--target=Package"));
        }, Fault.Failed, "hello/Package: step 'package' failed (exit 1) in the debian-12 hello builder:", "    error: File not found: ", "/usr/bin/goodbye",
            "  next: The spec's %files names a file the build did not install"),
        new("60 a program that reports another version than the one built", async w =>
        {
            await w.HelloAsync(BuiltHello.Release, edit: (file, text) => file == "CMakeLists.txt" ? text.Replace("HELLO_VERSION=\"${PROJECT_VERSION}\"", "HELLO_VERSION=\"1.1.0\"") : text);
            return await w.RunAsync(w.Options("--target=Verify"));
        }, Fault.Failed, "hello/Verify: The install test of hello-1.2.0-1.x86_64.rpm failed: the installed program does not report the version built. " +
            "'hello --version' printed 'hello 1.1.0', where 1.2.0 was built (RPM version 1.2.0)."),
        new("57 GitHub rate limits while publishing", w => PublishBuiltAsync(w, github => github.RateLimitNext(1, 1)), 0, "GitHub answered 429", "waiting 1 s"),
        new("58 GitHub answers an upload with 502", w => PublishBuiltAsync(w, github => github.FailNextUploads(1)), 0, "failed (502); removing what it left and trying again"),
        new("59 a build whose version sorts below a published one", w => PublishBuiltAsync(w, github => github.SeedBuild("hello", "9.0.0-1", "debian-12", "x86_64")),
            Fault.Failed, "hello/Publish:", "which is already published: dnf would not offer it as an upgrade"),
    ];

    public static TheoryData<string> Classes
    {
        get
        {
            using var specs = new EngineFaultSpecs(null!);
            return Fault.Classes(specs.Faults);
        }
    }

    [DockerTheory]
    [MemberData(nameof(Classes))]
    public async Task Each_class_of_engine_build_and_publishing_fault_ends_with_its_product_stage_and_exit_code_leaving_nothing_running_or_secret(string @class)
    {
        // Arrange
        var fault = Faults.Single(f => f.Class == @class);

        // Act
        var result = await fault.Cause(_workspace);

        // Assert
        fault.ShouldHaveEndedAsItMust(result, _workspace);
        _workspace.Started.SelectMany(pid => ContainersOf(pid)).Should().BeEmpty("every container ends with its run, or with the next run when its run was killed");
    }
}
