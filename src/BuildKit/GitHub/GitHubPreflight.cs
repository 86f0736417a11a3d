using BuildKit.Configuration;
using BuildKit.Logging;

namespace BuildKit.GitHub;

/// <summary>
/// Before anything is built for a publishing run: the token is valid, the repository exists and the token may push to it,
/// and whether the repository's releases are immutable. What would only fail after an hour of building fails now, as bad
/// input (exit 2) that says what to change.
/// </summary>
public static class GitHubPreflight
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task CheckAsync(GitHubSettings settings, IBuildLog log, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        settings.Validate(dryRun: false);
        using var client = new GitHubClient(settings, PublishPacing.Default with { MaxAttempts = 2 }, log, timeout: timeout ?? DefaultTimeout);
        var host = settings.ApiBase.Authority;
        try
        {
            var repository = await RepositoryAsync(client, settings, host, cancellationToken);
            var mayPush = repository.Permissions is { Push: true };
            if (!mayPush) await CheckAppTokenAsync(client, settings, repository, log, cancellationToken);
            log.Information($"[github] {settings.Repository} at {host}: the token in {settings.TokenVariable} is valid{(mayPush ? " and may push there" : "")}; " +
                            await ImmutabilityAsync(client, cancellationToken));
        }
        catch (GitHubUnreachableException e)
        {
            throw new ConfigurationException($"GitHub could not be reached before building: {e.Message}");
        }
        catch (GitHubApiException e)
        {
            throw new ConfigurationException($"GitHub refused the check before building: {e.Message}");
        }
    }

    private static async Task<GitHubRepository> RepositoryAsync(GitHubClient client, GitHubSettings settings, string host, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetRepositoryAsync(cancellationToken) ?? throw new ConfigurationException(
                $"GitHub at {host} has no repository {settings.Repository} that the token in {settings.TokenVariable} can see (404 to GET /repos/{settings.Repository}). " +
                $"Name the repository to publish to with --{Options.GitHubRepo}=OWNER/NAME or {EnvVars.GitHubRepository}; if it is private, give the token access to it.");
        }
        catch (GitHubApiException e) when (e.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            throw new ConfigurationException(
                $"The token in {settings.TokenVariable} is not valid (GitHub answered 401 to GET /repos/{settings.Repository} at {host}): it is mistyped, expired " +
                $"or revoked. Make a new one that may write to {settings.Repository}'s contents (fine-grained: Contents read and write; classic: the repo scope) " +
                $"and set {settings.TokenVariable} to it.");
        }
    }

    /// <summary>
    /// GitHub reports push permission only to a user's token. A GitHub App installation token (GitHub Actions' GITHUB_TOKEN)
    /// gets no permissions, or push false whatever it may do, so for one of those the first upload is the only test.
    /// </summary>
    private static async Task CheckAppTokenAsync(GitHubClient client, GitHubSettings settings, GitHubRepository repository, IBuildLog log, CancellationToken cancellationToken)
    {
        if (await client.IsInstallationTokenAsync(cancellationToken))
        {
            log.Information($"[github] the token in {settings.TokenVariable} is a GitHub App installation token, whose right to push GitHub does not report: " +
                            "it needs contents: write (in a workflow, permissions: contents: write), or the first upload will fail.");
            return;
        }
        if (repository.Permissions is null)
        {
            log.Warning($"[github] GitHub did not say whether the token in {settings.TokenVariable} may push to {settings.Repository}; the first upload will tell.");
            return;
        }
        throw new ConfigurationException(
            $"The token in {settings.TokenVariable} may read {settings.Repository} but not push to it (GitHub's permissions.push is false), and publishing " +
            $"releases needs write access. Use a token of an account with write access to {settings.Repository} (fine-grained: Contents read and write; " +
            "classic: the repo scope, or public_repo for a public repository).");
    }

    private static async Task<string> ImmutabilityAsync(GitHubClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetImmutableReleasesAsync(cancellationToken) is { Enabled: true } setting
                ? $"its releases are immutable{(setting.EnforcedByOwner ? " (enforced by the owner)" : "")}: once published a release's assets cannot change, " +
                  "so a changed rebuild needs a new --release=N and a rolling nightly release cannot take new builds"
                : "immutable releases are off as far as GitHub says (404; a GitHub Enterprise Server without them, and a token without administration " +
                  "read access, get the same answer, so each release's own immutable flag is checked when publishing)";
        }
        catch (GitHubApiException e) when (e.Status == System.Net.HttpStatusCode.Forbidden)
        {
            return "whether its releases are immutable the token may not read (403), so each release's own immutable flag is checked when publishing";
        }
    }
}
