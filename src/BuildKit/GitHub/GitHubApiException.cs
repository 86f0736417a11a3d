using System.Net;

namespace BuildKit.GitHub;

/// <summary>A GitHub API answer the publisher cannot go past: status, what was asked, and GitHub's message.</summary>
public sealed class GitHubApiException(HttpStatusCode status, string message, GitHubError? error = null) : BuildKitException(message)
{
    public HttpStatusCode Status { get; } = status;

    public bool AlreadyExists => Status == HttpStatusCode.UnprocessableEntity && error?.Errors?.Any(e => e.Code == "already_exists") == true;
}

/// <summary>A call that got no answer from GitHub at all (no connection, or no answer in time): which call, which host, what to try.</summary>
public sealed class GitHubUnreachableException(string call, string host, string reason) : BuildKitException(
    $"{call} to {host} failed: {reason}. Check that this machine reaches {host}: behind a proxy, set HTTPS_PROXY (and NO_PROXY), " +
    $"which BuildKit's HTTP client honours; for GitHub Enterprise Server, point --{Configuration.Options.GitHubApiUrl} (or {Configuration.EnvVars.GitHubApiUrl}) " +
    "at https://HOST/api/v3.");
