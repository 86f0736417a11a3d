using System.Collections.Concurrent;
using System.Net.Sockets;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Tests.Containers;

public sealed class ContainerEngineSpecs : IDisposable
{
    private static readonly LogStep Step = new("tests", "engine");
    private readonly TempDir _temp = TempDir.Create();
    private readonly ProcessRunner _runner = new(new RecordingLog());

    public void Dispose() => _temp.Dispose();

    private string Script(string name, string body)
    {
        var path = _temp.File(name, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task A_program_that_is_not_a_container_engine_is_refused_as_bad_input()
    {
        // Arrange
        var engine = ContainerEngine.Select("ls", EnvironmentSnapshot.Empty);

        // Act
        var act = () => engine.VerifyAsync(_runner, Step, CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ConfigurationException>())
            .Where(e => e.ExitCode == BuildKitException.BadInput)
            .WithMessage("'ls' is not a container engine: 'ls --version' printed 'ls *', where docker and podman print 'Docker version N' or 'podman version N'. " +
                "Pass --engine=docker or --engine=podman (or the path to either), or leave out --engine to use the first of them on PATH.");
    }

    [Fact]
    public async Task A_program_that_says_nothing_about_its_version_is_refused_as_bad_input()
    {
        // Arrange
        var silent = Script("silent", "exit 0\n");

        // Act
        var act = () => ContainerEngine.Select(silent, EnvironmentSnapshot.Empty).VerifyAsync(_runner, Step, CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ConfigurationException>()).WithMessage($"'{silent}' is not a container engine: '{silent} --version' printed nothing (exit 0)*");
    }

    [Fact]
    public async Task An_engine_that_answers_as_docker_does_passes()
    {
        // Arrange
        var docker = Script("docker", """
            case "$1" in
              --version) echo "Docker version 28.2.2, build e6534b4" ;;
              info) echo "28.2.2" ;;
              *) exit 1 ;;
            esac
            """);

        // Act
        var act = () => ContainerEngine.Select(docker, EnvironmentSnapshot.Empty).VerifyAsync(_runner, Step, CancellationToken.None);

        // Assert
        await act.Should().NotThrowAsync();
    }

    [Fact]
    public async Task An_engine_whose_info_names_its_server_version_is_asked_nothing_else()
    {
        // Arrange
        var asked = _temp.Combine("asked");
        var docker = Script("docker", $"""
            echo "$1" >> '{asked}'
            case "$1" in
              --version) echo "Docker version 28.2.2, build e6534b4" ;;
              info) echo "28.2.2" ;;
              *) exit 1 ;;
            esac
            """);

        // Act
        await ContainerEngine.Select(docker, EnvironmentSnapshot.Empty).VerifyAsync(_runner, Step, CancellationToken.None);

        // Assert
        File.ReadAllLines(asked).Should().Equal("info");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task Podman_is_asked_its_version_and_whether_it_runs_rootless_in_its_own_info_fields(string rootlessAnswer, bool rootless)
    {
        // Arrange
        var asked = _temp.Combine("asked");
        var podman = Script("podman", $$$"""
            echo "$@" >> '{{{asked}}}'
            case "$1" in
              --version) echo "podman version 4.3.1" ;;
              info) [ "$3" = '{{.Version.Version}} {{.Host.Security.Rootless}}' ] && echo "4.3.1 {{{rootlessAnswer}}}" ;;
              *) exit 1 ;;
            esac
            """);

        // Act
        var engine = await ContainerEngine.Select(podman, EnvironmentSnapshot.Empty).VerifyAsync(_runner, Step, CancellationToken.None);

        // Assert
        engine.Rootless.Should().Be(rootless);
        File.ReadAllLines(asked).Should().Equal("info --format {{.Version.Version}} {{.Host.Security.Rootless}}");
    }

    [Fact]
    public async Task A_program_that_prints_the_info_template_back_is_refused_as_bad_input()
    {
        // Arrange
        var echo = Script("echoes", "echo \"$@\"\n");

        // Act
        var act = () => ContainerEngine.Select(echo, EnvironmentSnapshot.Empty).VerifyAsync(_runner, Step, CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ConfigurationException>()).WithMessage($"'{echo}' is not a container engine: '{echo} --version' printed '--version'*");
    }

    [Theory]
    [InlineData(false, "unix:///var/run/docker.sock", "Start it (sudo systemctl start docker), or point DOCKER_HOST at a running engine.")]
    [InlineData(true, "tcp://10.0.0.9:2375", "It is a remote engine: check that it runs on its machine and that this one reaches it*")]
    public async Task An_engine_whose_daemon_is_down_is_named_as_an_engine_with_what_to_do_where_it_runs(bool remote, string address, string fix)
    {
        // Arrange
        var docker = Script("docker", $$"""
            case "$1" in
              --version) echo "Docker version 28.2.2, build e6534b4" ;;
              *) echo "Cannot connect to the Docker daemon at {{address}}. Is the docker daemon running?" >&2; exit 1 ;;
            esac
            """);

        // Act
        var act = () => (ContainerEngine.Select(docker, EnvironmentSnapshot.Empty) with { Remote = remote }).VerifyAsync(_runner, Step, CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ContainerException>())
            .WithMessage($"The {docker} daemon is not running or not reachable (Cannot connect to the Docker daemon at {address}*). {fix}");
    }

    [ToolFact("docker")]
    public async Task A_docker_socket_that_accepts_and_never_answers_is_named_with_what_to_check()
    {
        // Arrange
        var socketPath = _temp.Combine("silent.sock");
        using var daemon = new SilentSocket(socketPath);
        var engine = ContainerEngine.Select("docker", EnvironmentSnapshot.Of(("DOCKER_HOST", "unix://" + socketPath), ("PATH", Environment.GetEnvironmentVariable("PATH")!)));

        // Act
        var act = () => engine.VerifyAsync(_runner, Step, CancellationToken.None, answerWithin: TimeSpan.FromSeconds(5));

        // Assert
        (await act.Should().ThrowAsync<ContainerException>())
            .Where(e => e.ExitCode == BuildKitException.Failed)
            .WithMessage($"The container engine at unix://{socketPath} ($DOCKER_HOST) does not answer: 'docker info' had no reply within 5 s. " +
                "Check that the daemon behind that socket is running and not hung, and that $DOCKER_HOST names the socket you mean (unset it to use unix:///var/run/docker.sock).");
        daemon.Connections.Should().BePositive("docker reached the socket through the DOCKER_HOST of the run's environment");
    }

    /// <summary>A Unix socket that takes every connection and never says a word, as a hung daemon does.</summary>
    private sealed class SilentSocket : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly ConcurrentQueue<Socket> _held = new();
        private readonly CancellationTokenSource _stop = new();

        public SilentSocket(string path)
        {
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen();
            _ = AcceptAsync();
        }

        public int Connections => _held.Count;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            foreach (var connection in _held) connection.Dispose();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true) _held.Enqueue(await _listener.AcceptAsync(_stop.Token));
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Disposed: the test is over.
            }
        }
    }
}
