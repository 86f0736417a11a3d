using System.Net;
using System.Net.Sockets;
using BuildKit.Configuration;
using BuildKit.GitHub;

namespace BuildKit.IntegrationTests.Stages.Publish;

public sealed class GitHubPreflightSpecs : IDisposable
{
    private readonly FakeGitHub _github = new();
    private readonly RecordingLog _log = new();

    public void Dispose() => _github.Dispose();

    private GitHubSettings Settings(string? token = FakeGitHub.Token, string repository = "owner/repo", string? api = null) =>
        new(new Uri(api ?? _github.BaseUrl), repository, token);

    private Task Check(GitHubSettings settings, TimeSpan? timeout = null) => GitHubPreflight.CheckAsync(settings, _log, CancellationToken.None, timeout);

    [Fact]
    public async Task A_valid_token_that_may_push_passes_and_the_log_says_whether_releases_are_immutable()
    {
        // Arrange
        using var immutable = new FakeGitHub(immutableReleases: true);

        // Act
        await Check(Settings());
        await Check(Settings(api: immutable.BaseUrl));

        // Assert
        _log.Lines[0].Should().StartWith($"[github] owner/repo at 127.0.0.1:{new Uri(_github.BaseUrl).Port}: the token in GITHUB_TOKEN is valid and may push there;")
            .And.Contain("immutable releases are off as far as GitHub says (404");
        _log.Lines[1].Should().Contain("its releases are immutable: once published a release's assets cannot change");
        _github.MutatingRequests.Should().Be(0);
    }

    [Fact]
    public async Task An_invalid_token_is_bad_input_that_names_its_variable_and_the_401()
    {
        // Act
        var act = () => Check(Settings(token: "ghp_revoked"));

        // Assert
        var error = (await act.Should().ThrowAsync<ConfigurationException>())
            .WithMessage("The token in GITHUB_TOKEN is not valid (GitHub answered 401 to GET /repos/owner/repo at 127.0.0.1:*)*set GITHUB_TOKEN to it.").Which;
        error.ExitCode.Should().Be(BuildKitException.BadInput);
    }

    [Fact]
    public async Task A_token_read_from_GH_TOKEN_is_named_as_GH_TOKEN()
    {
        // Arrange
        var settings = GitHubSettings.Resolve(null, null, EnvironmentSnapshot.Of(
            ("GH_TOKEN", "ghp_revoked"), ("GITHUB_REPOSITORY", "owner/repo"), ("GITHUB_API_URL", _github.BaseUrl)));

        // Act
        var act = () => Check(settings);

        // Assert
        await act.Should().ThrowAsync<ConfigurationException>().WithMessage("The token in GH_TOKEN is not valid*");
    }

    [Fact]
    public async Task A_repository_github_does_not_have_is_named_with_how_to_name_the_right_one()
    {
        // Act
        var act = () => Check(Settings(repository: "owner/misspelt"));

        // Assert
        await act.Should().ThrowAsync<ConfigurationException>()
            .WithMessage("GitHub at 127.0.0.1:* has no repository owner/misspelt that the token in GITHUB_TOKEN can see (404*--github-repo=OWNER/NAME or GITHUB_REPOSITORY*");
    }

    [Fact]
    public async Task A_token_that_may_read_but_not_push_is_refused_before_anything_is_built()
    {
        // Arrange
        _github.CanPush = false;

        // Act
        var act = () => Check(Settings());

        // Assert
        await act.Should().ThrowAsync<ConfigurationException>()
            .WithMessage("The token in GITHUB_TOKEN may read owner/repo but not push to it (GitHub's permissions.push is false)*");
    }

    [Fact]
    public async Task A_GitHub_App_installation_token_which_github_gives_no_permissions_passes_with_a_note_on_contents_write()
    {
        // Act
        await Check(Settings(token: FakeGitHub.AppToken));

        // Assert
        _log.Text.Should().Contain("is a GitHub App installation token").And.Contain("permissions: contents: write");
        _log.Text.Should().NotContain(FakeGitHub.AppToken);
    }

    [Fact]
    public async Task An_api_nobody_listens_on_is_named_with_the_call_the_host_and_what_to_try()
    {
        // Arrange
        var port = ClosedPort();

        // Act
        var act = () => Check(Settings(api: $"http://127.0.0.1:{port}/"));

        // Assert
        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should()
            .StartWith($"GitHub could not be reached before building: GET /repos/owner/repo to 127.0.0.1:{port} failed:")
            .And.Contain("HTTPS_PROXY").And.Contain("--github-api-url").And.Contain("GITHUB_API_URL");
    }

    [Fact]
    public async Task An_api_that_does_not_answer_in_time_is_named_with_the_time_it_was_given()
    {
        // Arrange
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        // Act
        var act = () => Check(Settings(api: $"http://127.0.0.1:{port}/"), TimeSpan.FromMilliseconds(300));

        // Assert
        await act.Should().ThrowAsync<ConfigurationException>()
            .WithMessage($"GitHub could not be reached before building: GET /repos/owner/repo to 127.0.0.1:{port} failed: no answer within 0.3 s.*");
    }

    [Fact]
    public async Task A_github_enterprise_server_base_url_is_checked_the_same_way()
    {
        // Act
        await Check(Settings(api: _github.EnterpriseUrl));

        // Assert
        _github.Requests.Should().Contain("GET /repos/owner/repo");
        _log.Lines.Should().ContainSingle().Which.Should().Contain("is valid and may push there");
    }

    private static int ClosedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
