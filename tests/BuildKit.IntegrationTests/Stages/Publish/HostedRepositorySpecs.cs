using BuildKit.IntegrationTests.Products;
using BuildKit.Processes;
using BuildKit.Stages;
using BuildKit.Stages.Publish;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>The dnf repository pushed to a git branch served as static pages, installed from as a user would.</summary>
public sealed class HostedRepositorySpecs : IDisposable
{
    /// <summary>A clean Debian with Debian's dnf and rpm (rpmkeys checks signatures): what a user who installs from the repository has, and nothing of ours.</summary>
    private const string UserImage = "buildkit-test-dnf:bookworm";

    private readonly TempDir _temp = TempDir.Create();
    private readonly FakeGitHub _github = new();
    private readonly ProcessRunner _runner = new(new RecordingLog());
    private readonly string _container = $"buildkit-test-dnf-user-{Guid.NewGuid():N}";

    public void Dispose()
    {
        Docker.Run("rm", "--force", _container);
        _github.Dispose();
        _temp.Dispose();
    }

    private async Task<ProcessResult> RunAsync(string program, params string[] arguments) =>
        await _runner.RunAsync(new ToolCommand(program, arguments) with { Quiet = true, AcceptsFailure = true, Timeout = TimeSpan.FromMinutes(10) });

    private PipelineRun Nightly(string results, params string[] options) => PipelineRun.Open(_temp, HotspotFixture.ProductsYaml("https://example.invalid/hotspot.git", "v0.9.0"),
        hostTrust: false, new Dictionary<string, string> { ["GITHUB_TOKEN"] = FakeGitHub.Token, ["GITHUB_REPOSITORY"] = "owner/repo", ["GITHUB_API_URL"] = _github.BaseUrl },
        ["--target=Nightly", $"--from={results}", .. options]);

    private Task NightlyAsync(string results, params string[] options) => Nightly(results, options).PublishAsync();

    /// <summary>What the pages serve: the branch as last pushed.</summary>
    private async Task ServeAsync(string remote, string served)
    {
        if (Directory.Exists(served)) Directory.Delete(served, recursive: true);
        (await RunAsync("git", "clone", "-q", "--branch", "gh-pages", remote, served)).Succeeded.Should().BeTrue();
    }

    private async Task<string> InContainerAsync(string script)
    {
        var result = await RunAsync("docker", "exec", _container, "sh", "-c", script);
        result.Succeeded.Should().BeTrue(result.StandardOutput + result.StandardError);
        return result.StandardOutput;
    }

    [DockerFact]
    public async Task A_user_installs_by_the_pushed_repo_file_then_upgrades_to_the_next_nightly_with_every_signature_checked()
    {
        // Arrange
        var key = await TestKey.CreateAsync(_temp);
        var remote = _temp.Combine("pages.git");
        (await RunAsync("git", "init", "-q", "--bare", remote)).Succeeded.Should().BeTrue();
        var served = _temp.Combine("served");
        using var site = new FolderHttpServer(served);
        var image = await RunAsync("docker", "build", "-q", "-t", UserImage, "-f", _temp.File("user.Containerfile", $"""
            FROM {Docker.BaseImage}
            RUN apt-get update && apt-get install -y --no-install-recommends dnf gnupg rpm && rm -rf /var/lib/apt/lists/*
            """), _temp.Path);
        image.Succeeded.Should().BeTrue(image.StandardError);
        string[] options = ["--sign", $"--sign-key={key.Private}", $"--repo-push={remote}", $"--repo-url={site.BaseUrl}", "--keep-nightlies=1"];
        foreach (var arch in new[] { "x86_64", "aarch64" }) await MatrixJobs.WriteAsync(_temp, _temp.Combine("night-1"), "0.9.0", "fedora-42", arch, signedWith: key);
        await MatrixJobs.WriteAsync(_temp, _temp.Combine("night-2"), "0.9.1", "fedora-42", "x86_64", signedWith: key);

        // Act
        await NightlyAsync(_temp.Combine("night-1"), options);
        await ServeAsync(remote, served);
        (await RunAsync("docker", "run", "-d", "--name", _container, "--network", "host", UserImage, "sleep", "600")).Succeeded.Should().BeTrue();
        await InContainerAsync("mkdir -p /etc/yum.repos.d");
        (await RunAsync("docker", "cp", Path.Combine(served, "fedora-42", "buildkit-fedora-42.repo"), $"{_container}:/etc/yum.repos.d/buildkit.repo")).Succeeded.Should().BeTrue();
        await InContainerAsync("dnf -y -q install hotspot");
        var installed = await InContainerAsync("rpm -q hotspot");
        await NightlyAsync(_temp.Combine("night-2"), options);
        await ServeAsync(remote, served);
        await InContainerAsync("dnf -y -q --refresh upgrade hotspot");
        var upgraded = await InContainerAsync("rpm -q hotspot; rpm -q gpg-pubkey --qf '%{summary}\\n'");

        // Assert
        installed.Trim().Should().Be("hotspot-0.9.0-1.fc42.x86_64");
        upgraded.Should().StartWith("hotspot-0.9.1-1.fc42.x86_64\n").And.Contain(TestKey.Uid, "dnf imported the repository's key to check the packages' signatures");
        File.ReadAllText(Path.Combine(served, "fedora-42", "buildkit-fedora-42.repo")).Should().Contain($"baseurl={site.BaseUrl.TrimEnd('/')}/fedora-42/$basearch")
            .And.Contain("gpgcheck=1").And.Contain("repo_gpgcheck=1");
        File.Exists(Path.Combine(served, "fedora-42", "x86_64", "repodata", "repomd.xml.asc")).Should().BeTrue();
        Directory.GetFiles(Path.Combine(served, "fedora-42", "x86_64"), "*.rpm").Select(Path.GetFileName).Should().Equal("hotspot-0.9.1-1.fc42.x86_64.rpm");
        Directory.GetFiles(Path.Combine(served, "fedora-42", "aarch64"), "*.rpm").Select(Path.GetFileName).Should().Equal("hotspot-0.9.0-1.fc42.aarch64.rpm");
        (await RunAsync("git", "-C", remote, "rev-list", "--count", "gh-pages")).StandardOutput.Trim().Should().Be("1", "each push replaces the branch by one commit");
    }

    [DockerFact]
    public async Task A_publisher_whose_branch_moved_under_it_starts_again_from_the_branch_the_other_pushed_and_neither_push_is_lost()
    {
        // Arrange
        var remote = _temp.Combine("pages.git");
        (await RunAsync("git", "init", "-q", "--bare", remote)).Succeeded.Should().BeTrue();
        await MatrixJobs.WriteAsync(_temp, _temp.Combine("night-1"), "0.9.0", "fedora-42", "x86_64");
        var next = await MatrixJobs.WriteAsync(_temp, _temp.Combine("night-2"), "0.9.1", "fedora-42", "x86_64");
        var first = Nightly(_temp.Combine("night-1"), $"--repo-push={remote}", "--repo-url=http://127.0.0.1:9/");
        await first.PublishAsync();
        var log = new RecordingLog();
        var plan = first.Pipeline.Run;
        var raced = new BuildRun(plan.Plan, plan.Paths, plan.Environment, log, new RacedRunner(new ProcessRunner(log), () => AnotherPublisherPushesAsync(remote)));
        await raced.EngineAsync(CancellationToken.None);
        var publisher = new HostedRepository(raced, plan.Plan.HostedRepository!, new DnfRepository(raced.Containers(plan.Plan.Products[0]), first.Builder(MatrixJobs.Product).Tag));

        // Act
        await publisher.PushAsync([("fedora-42", Directory.GetFiles(Path.Combine(next, "rpms", "fedora-42"), "*.rpm"))], null, CancellationToken.None);
        await raced.Removals.WaitAsync();

        // Assert
        log.Lines.Should().Contain("[repository/push] gh-pages moved while this run updated it: starting again from the new branch");
        (await RunAsync("git", "-C", remote, "ls-tree", "-r", "--name-only", "gh-pages")).StandardOutput.Split('\n').Should()
            .Contain(["from-another-publisher.txt", "fedora-42/x86_64/hotspot-0.9.0-1.fc42.x86_64.rpm", "fedora-42/x86_64/hotspot-0.9.1-1.fc42.x86_64.rpm"]);
        (await RunAsync("git", "-C", remote, "rev-list", "--count", "gh-pages")).StandardOutput.Trim().Should().Be("1");
    }

    /// <summary>Another publisher (the other product's publish job) pushes to the branch.</summary>
    private async Task AnotherPublisherPushesAsync(string remote)
    {
        var clone = _temp.Combine("another-publisher");
        (await RunAsync("git", "clone", "-q", "--branch", "gh-pages", remote, clone)).Succeeded.Should().BeTrue();
        _temp.File(Path.Combine("another-publisher", "from-another-publisher.txt"), "pushed while the other run was busy");
        foreach (var arguments in new[] { new[] { "add", "-A" }, ["-c", "user.name=Other", "-c", "user.email=other@example.invalid", "commit", "-q", "-m", "other"], ["push", "-q"] })
            (await RunAsync("git", ["-C", clone, .. arguments])).Succeeded.Should().BeTrue();
    }

    /// <summary>This machine's runner, except that just before the first git push another publisher pushes to the same branch.</summary>
    private sealed class RacedRunner(IProcessRunner inner, Func<Task> anotherPublisher) : IProcessRunner
    {
        private bool _raced;

        public async Task<ProcessResult> RunAsync(ToolCommand command, CancellationToken cancellationToken = default)
        {
            if (!_raced && command.Program == "git" && command.Arguments.Contains("push"))
            {
                _raced = true;
                await anotherPublisher();
            }
            return await inner.RunAsync(command, cancellationToken);
        }
    }
}
