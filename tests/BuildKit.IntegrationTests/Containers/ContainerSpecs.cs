using System.Collections.Immutable;
using System.Diagnostics;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Stages.Provision;
using Xunit.Abstractions;

namespace BuildKit.IntegrationTests.Containers;

public sealed class ContainerSpecs(BuilderFixture fixture, ITestOutputHelper output) : IClassFixture<BuilderFixture>, IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly string _product = "t" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => _temp.Dispose();

    private ContainerRunner Runner(HostUser? user = null, string? extraCa = null) =>
        new(fixture.Engine, fixture.Runner, user ?? HostUser.Current(), extraCa, [], ImmutableDictionary<string, string>.Empty);

    private ContainerStep Step(string script) =>
        new ContainerStep(new LogStep(_product, "step"), fixture.Builder.Tag, script, "/src")
            .WithMount(_temp.Path, "/src");

    [DockerFact]
    public async Task The_builder_image_builds_and_a_second_provisioning_reuses_it_without_a_rebuild()
    {
        // Act
        var stopwatch = Stopwatch.StartNew();
        var again = await new BuilderProvisioner(fixture.Engine, fixture.Runner)
            .EnsureAsync(fixture.Image(), rebuild: false, _temp.Path, new LogStep("tests", "provision"), CancellationToken.None);
        stopwatch.Stop();

        // Assert
        fixture.Builder.ImageId.Should().StartWith("sha256:");
        again.Reused.Should().BeTrue();
        again.ImageId.Should().Be(fixture.Builder.ImageId);
        output.WriteLine($"first provisioning: {fixture.Builder.Duration.TotalSeconds:0.0} s (reused: {fixture.Builder.Reused}); reuse: {stopwatch.Elapsed.TotalSeconds:0.00} s");
    }

    [DockerFact]
    public async Task The_builder_has_the_tools_its_toolset_declares()
    {
        // Act
        var result = await Runner().RunAsync(Step("go version && node --version && npm --version && gcc --version | head -1 && rpmbuild --version && git --version") with { CapturesOutput = true }, CancellationToken.None);

        // Assert
        result.StandardOutput.Should().Contain("go version go1.").And.Contain("RPM version 4.").And.Contain("git version");
    }

    [DockerFact]
    public async Task A_change_to_the_containerfile_gives_a_new_tag_built_once_for_two_products_asking_for_it_at_once()
    {
        // Arrange
        var changed = _temp.File("Containerfile", File.ReadAllText(fixture.Image().Containerfile) + $"\nLABEL buildkit.test={_product}\n");

        // Act
        var image = fixture.Image(containerfile: changed);
        var builders = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => new BuilderProvisioner(fixture.Engine, fixture.Runner)
            .EnsureAsync(image, rebuild: false, _temp.Path, new LogStep("tests", "provision"), CancellationToken.None)));

        // Assert
        image.Tag.Should().NotBe(fixture.Builder.Tag);
        builders.Select(b => b.Reused).Should().BeEquivalentTo([false, true]);
        builders.Select(b => b.ImageId).Distinct().Should().ContainSingle().Which.Should().NotBe(fixture.Builder.ImageId);
        await fixture.Runner.RunAsync(new ToolCommand("docker", "rmi", image.Tag) with { Quiet = true });
    }

    [DockerFact]
    public async Task A_steps_output_file_appears_on_the_host_owned_by_the_caller()
    {
        // Arrange: a caller who is not root, owning its tree as a developer does.
        var caller = new HostUser(4242, 4343);
        await fixture.Runner.RunAsync(new ToolCommand("chown", "4242:4343", _temp.Path));

        // Act
        await Runner(caller).RunAsync(Step("mkdir -p out && echo built > out/result.txt && id -u"), CancellationToken.None);

        // Assert
        var file = _temp.Combine("out", "result.txt");
        File.ReadAllText(file).Should().Be("built\n");
        (await Stat("%u:%g", file)).Should().Be("4242:4343");
    }

    [DockerFact]
    public async Task A_failing_step_reports_what_its_tool_said_not_its_script_and_leaves_no_container()
    {
        // Act
        var act = () => Runner().RunAsync(Step("for i in $(seq 1 60); do echo \"compiling unit $i\"; done; echo 'error: it broke' ; exit 3"), CancellationToken.None);

        // Assert
        var error = (await act.Should().ThrowAsync<StepFailedException>()).Which;
        error.ProcessExitCode.Should().Be(3);
        error.Message.Should().StartWith("step 'step' failed (exit 3) in the debian-12 grafana builder:\n    error: it broke")
            .And.NotContain("compiling unit").And.NotContain("seq 1 60");
        (await ContainersLabelled()).Should().BeEmpty();
    }

    [DockerFact]
    public async Task Forwarding_the_hosts_ca_bundle_lets_npm_reach_its_registry_where_it_fails_without_it()
    {
        // Arrange
        var hostBundle = EnvironmentSnapshot.Capture()[EnvVars.SslCertFile] ?? "/etc/ssl/certs/ca-certificates.crt";
        var npmView = Step("npm view is-number version --fetch-retries=0 --fetch-timeout=20000") with { CapturesOutput = true };

        // Act
        var without = await Runner().RunAsync(npmView with { Script = npmView.Script + " 2>&1 || echo \"exit=$?\"" }, CancellationToken.None);
        var with = await Runner(extraCa: hostBundle).RunAsync(npmView, CancellationToken.None);

        // Assert
        without.StandardOutput.Should().MatchRegex("(?i)(cert|self.signed|unable to verify)").And.Contain("exit=");
        with.StandardOutput.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+$");
    }

    [DockerFact]
    public async Task Cancelling_a_step_leaves_no_container_behind()
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        var run = Runner().RunAsync(Step("sleep 300"), cancellation.Token);
        while (!run.IsCompleted && (await ContainersLabelled()).Count == 0) await Task.Delay(200);

        // Act
        cancellation.Cancel();
        var act = () => run;

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        (await ContainersLabelled()).Should().BeEmpty();
    }

    [DockerFact]
    public async Task A_builder_container_carries_its_owner_and_ends_by_itself_when_its_lease_is_not_renewed()
    {
        // Arrange
        await using var container = await Runner().StartAsync(Step(""), CancellationToken.None);

        // Act
        var labels = await fixture.Runner.RunAsync(new ToolCommand("docker", "inspect", "--format", $"{{{{index .Config.Labels \"{ContainerOwner.Label}\"}}}}", container.Name) with { Quiet = true });
        var mainProcess = await fixture.Runner.RunAsync(new ToolCommand("docker", "inspect", "--format", "{{json .Config.Cmd}}", container.Name) with { Quiet = true });

        // Assert
        labels.StandardOutput.Trim().Should().Be(ContainerOwner.Current.ToString());
        mainProcess.StandardOutput.Should().Contain(ContainerOwner.LeaseFile).And.Contain($"-lt {(int)ContainerOwner.Grace.TotalSeconds} ]");
    }

    [DockerFact]
    public async Task An_engine_that_is_not_installed_is_named_with_the_fix()
    {
        // Act
        var act = () => new ContainerEngine("buildkit-no-such-engine").VerifyAsync(fixture.Runner, new LogStep("tests", "engine"), CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ContainerException>()).WithMessage("The container engine 'buildkit-no-such-engine' is not installed or not on PATH. Install docker or podman*");
    }

    [DockerFact]
    public async Task A_daemon_that_is_not_running_is_named_with_the_fix()
    {
        // Arrange
        var script = _temp.File("docker-elsewhere", $"#!/bin/sh\nexec docker --host unix://{_temp.Combine("no-daemon.sock")} \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        // Act
        var act = () => new ContainerEngine(script).VerifyAsync(fixture.Runner, new LogStep("tests", "engine"), CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ContainerException>()).WithMessage("The * daemon is not running or not reachable*Start it (sudo systemctl start docker), or point DOCKER_HOST at a running engine.");
    }

    [DockerFact]
    public async Task A_builder_that_does_not_build_names_the_failing_step_and_its_output()
    {
        // Arrange
        var image = fixture.Image() with { Toolset = new Toolset("broken", Toolchains.Go), BaseImage = Docker.BaseImage };
        var broken = image with { DistroMirror = "http://127.0.0.1:9/debian" };

        var linesBefore = fixture.Log.Lines.Count;

        // Act
        var act = () => new BuilderProvisioner(fixture.Engine, fixture.Runner).EnsureAsync(broken, rebuild: false, _temp.Path, new LogStep("tests", "provision"), CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ContainerException>())
            .WithMessage("The debian-12 builder image for broken did not build: Step */* : RUN *apt-get update*failed*last output:*");
        var stepContainer = fixture.Log.Lines.Skip(linesBefore)
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"Running in ([0-9a-f]+)")).Last(m => m.Success).Groups[1].Value;
        (await fixture.Runner.RunAsync(new ToolCommand("docker", "ps", "--all", "--quiet", "--filter", "id=" + stepContainer) with { Quiet = true }))
            .StandardOutput.Should().BeEmpty("a failed image build leaves no intermediate container");
    }

    private async Task<List<string>> ContainersLabelled()
    {
        var result = await fixture.Runner.RunAsync(new ToolCommand("docker", "ps", "--all", "--quiet", "--filter", "label=buildkit.product=" + _product) with { Quiet = true });
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private async Task<string> Stat(string format, string path) =>
        (await fixture.Runner.RunAsync(new ToolCommand("stat", "-c", format, path) with { Quiet = true })).StandardOutput.Trim();
}
