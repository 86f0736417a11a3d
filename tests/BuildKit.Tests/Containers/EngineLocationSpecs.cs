using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Pipeline;
using BuildKit.Planning;

namespace BuildKit.Tests.Containers;

public sealed class EngineLocationSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null, false)]
    [InlineData("unix:///var/run/docker.sock", false)]
    [InlineData("unix:///run/user/1000/docker.sock", false)]
    [InlineData("tcp://127.0.0.1:2375", true)]
    [InlineData("ssh://builder@build-host", true)]
    public void Docker_is_remote_when_DOCKER_HOST_is_a_tcp_or_ssh_endpoint_and_local_on_a_socket(string? dockerHost, bool remote)
    {
        // Arrange
        var environment = dockerHost is null ? EnvironmentSnapshot.Empty : EnvironmentSnapshot.Of(("DOCKER_HOST", dockerHost));

        // Act
        var location = EngineLocation.Of(remoteOption: false, "docker", environment);

        // Assert
        location.Remote.Should().Be(remote);
        location.Why.Should().Be(remote ? $"$DOCKER_HOST is {dockerHost}, not a socket on this machine: folders are copied in and out" : EngineLocation.Local.Why);
    }

    [Fact]
    public void A_password_in_DOCKER_HOST_is_not_shown_in_the_reason()
    {
        // Act
        var location = EngineLocation.Of(remoteOption: false, "docker", EnvironmentSnapshot.Of(("DOCKER_HOST", "tcp://me:hunter2@build-host:2376")));

        // Assert
        location.Remote.Should().BeTrue();
        location.Why.Should().NotContain("hunter2");
    }

    [Fact]
    public void The_current_docker_context_of_the_docker_config_decides_when_DOCKER_HOST_is_not_set()
    {
        // Arrange
        var config = _temp.Combine("docker-config");
        _temp.File("docker-config/config.json", """{ "currentContext": "build-farm" }""");
        _temp.File($"docker-config/contexts/meta/{Hashing.Sha256("build-farm")}/meta.json",
            """{ "Name": "build-farm", "Endpoints": { "docker": { "Host": "ssh://ci@farm", "SkipTLSVerify": false } } }""");

        // Act
        var location = EngineLocation.Of(remoteOption: false, "docker", EnvironmentSnapshot.Of(("DOCKER_CONFIG", config)));

        // Assert
        location.Should().Be(new EngineLocation(true, "docker context 'build-farm' is ssh://ci@farm, not a socket on this machine: folders are copied in and out"));
    }

    [Fact]
    public void Podman_reads_CONTAINER_HOST_and_not_DOCKER_HOST()
    {
        // Act
        var overSsh = EngineLocation.Of(remoteOption: false, "podman", EnvironmentSnapshot.Of(("CONTAINER_HOST", "ssh://core@127.0.0.1:2222/run/podman/podman.sock")));
        var withDockerHost = EngineLocation.Of(remoteOption: false, "/usr/bin/podman", EnvironmentSnapshot.Of(("DOCKER_HOST", "tcp://127.0.0.1:2375")));

        // Assert
        overSsh.Remote.Should().BeTrue();
        overSsh.Why.Should().StartWith("$CONTAINER_HOST is ssh://core@127.0.0.1:2222/run/podman/podman.sock");
        withDockerHost.Should().Be(EngineLocation.Local);
    }

    [Fact]
    public void The_remote_engine_option_wins_over_a_local_socket()
    {
        // Act
        var location = EngineLocation.Of(remoteOption: true, "docker", EnvironmentSnapshot.Of(("DOCKER_HOST", "unix:///tmp/tunnel.sock")));

        // Assert
        location.Should().Be(new EngineLocation(true, "--remote-engine: folders are copied in and out"));
    }

    [Fact]
    public void The_plan_says_where_the_engine_is_and_why_before_anything_runs()
    {
        // Arrange
        BuildPlan Plan(EnvironmentSnapshot environment, params string[] options) =>
            StageRunner.Plan(PlanFixture.Products(), PlanFixture.Parse(options), environment, PlanFixture.Now, PlanFixture.Paths);

        // Act
        var local = PlanTable.Render(Plan(EnvironmentSnapshot.Of(("HOME", "/home/dev"))), PlanFixture.Paths);
        var remote = PlanTable.Render(Plan(EnvironmentSnapshot.Of(("HOME", "/home/dev"), ("DOCKER_HOST", "ssh://ci@farm"))), PlanFixture.Paths);
        var told = PlanTable.Render(Plan(EnvironmentSnapshot.Of(("HOME", "/home/dev")), "--remote-engine"), PlanFixture.Paths);

        // Assert
        local.Should().Contain("  engine:       local, the engine's socket is on this machine: folders are bind-mounted\n");
        remote.Should().Contain("  engine:       remote, $DOCKER_HOST is ssh://ci@farm, not a socket on this machine: folders are copied in and out\n");
        told.Should().Contain("  engine:       remote, --remote-engine: folders are copied in and out\n");
    }
}
