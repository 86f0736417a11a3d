using BuildKit.Configuration;

namespace BuildKit.GitHub;

/// <summary>Where and as whom BuildKit publishes. The token comes from the environment only.</summary>
public sealed record GitHubSettings(Uri ApiBase, string Repository, string? Token)
{
    public const string DefaultApi = "https://api.github.com";

    /// <summary>The environment variable the token was read from, so that a message about the token can name it.</summary>
    public string TokenVariable { get; init; } = EnvVars.GitHubToken;

    /// <summary>--github-api-url, else GITHUB_API_URL (as GitHub Actions sets it), else the public API; --github-repo, else GITHUB_REPOSITORY.</summary>
    public static GitHubSettings Resolve(string? apiOption, string? repoOption, EnvironmentSnapshot environment)
    {
        var api = apiOption ?? environment[EnvVars.GitHubApiUrl] ?? DefaultApi;
        if (!Uri.TryCreate(api.TrimEnd('/') + "/", UriKind.Absolute, out var apiBase))
            throw new ConfigurationException($"--{Options.GitHubApiUrl}={api} is not a URL. For GitHub Enterprise Server use https://HOST/api/v3.");
        var repository = repoOption ?? environment[EnvVars.GitHubRepository] ?? "";
        var tokenVariable = environment[EnvVars.GitHubToken] is null && environment[EnvVars.GhToken] is not null ? EnvVars.GhToken : EnvVars.GitHubToken;
        return new GitHubSettings(apiBase, repository, environment[tokenVariable]) { TokenVariable = tokenVariable };
    }

    /// <summary>Stops before any call when publishing cannot work: no repository named, or no token to publish with.</summary>
    public GitHubSettings Validate(bool dryRun)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(Repository, @"^[\w.-]+/[\w.-]+$"))
            throw new ConfigurationException($"Publishing needs the repository to publish to: pass --{Options.GitHubRepo}=OWNER/NAME or set {EnvVars.GitHubRepository}.");
        if (Token is null && !dryRun)
            throw new ConfigurationException(
                $"Publishing to {Repository} needs a GitHub token in {EnvVars.GitHubToken} (or {EnvVars.GhToken}); it is read from the environment only, " +
                $"never from an option. Set it, or run with --{Options.DryRun} to see what would be published.");
        return this;
    }
}

/// <summary>How calls are paced and retried; tests scale the waits down.</summary>
public sealed record PublishPacing(TimeSpan MutationGap, TimeSpan FirstBackoff, int MaxAttempts, double TimeScale = 1)
{
    public static PublishPacing Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 6);

    public TimeSpan Scaled(TimeSpan wait) => TimeSpan.FromTicks((long)(wait.Ticks * TimeScale));
}
