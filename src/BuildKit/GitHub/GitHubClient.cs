using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildKit.Configuration;
using BuildKit.Logging;

namespace BuildKit.GitHub;

/// <summary>Where and as whom BuildKit publishes. The token comes from the environment only.</summary>
public sealed record GitHubSettings(Uri ApiBase, string Repository, string? Token)
{
    public const string DefaultApi = "https://api.github.com";

    /// <summary>--github-api-url, else GITHUB_API_URL (as GitHub Actions sets it), else the public API; --github-repo, else GITHUB_REPOSITORY.</summary>
    public static GitHubSettings Resolve(string? apiOption, string? repoOption, EnvironmentSnapshot environment)
    {
        var api = apiOption ?? environment[EnvVars.GitHubApiUrl] ?? DefaultApi;
        if (!Uri.TryCreate(api.TrimEnd('/') + "/", UriKind.Absolute, out var apiBase))
            throw new ConfigurationException($"--{Options.GitHubApiUrl}={api} is not a URL. For GitHub Enterprise Server use https://HOST/api/v3.");
        var repository = repoOption ?? environment[EnvVars.GitHubRepository] ?? "";
        return new GitHubSettings(apiBase, repository, environment[EnvVars.GitHubToken] ?? environment[EnvVars.GhToken]);
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

/// <summary>A GitHub API answer the publisher cannot go past: status, what was asked, and GitHub's message.</summary>
public sealed class GitHubApiException(HttpStatusCode status, string message, GitHubError? error = null) : BuildKitException(message)
{
    public HttpStatusCode Status { get; } = status;

    public bool AlreadyExists => Status == HttpStatusCode.UnprocessableEntity && error?.Errors?.Any(e => e.Code == "already_exists") == true;
}

/// <summary>
/// The GitHub Releases REST API over HttpClient. Mutating calls are paced; 5xx answers are retried with backoff; 403/429
/// rate limits are waited out as retry-after or x-ratelimit-reset say. The token is sent as a header and never logged.
/// </summary>
public sealed class GitHubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly GitHubSettings _settings;
    private readonly PublishPacing _pacing;
    private readonly IBuildLog _log;
    private readonly TimeProvider _clock;
    private DateTimeOffset _lastMutation = DateTimeOffset.MinValue;

    public GitHubClient(GitHubSettings settings, PublishPacing pacing, IBuildLog log, TimeProvider? clock = null, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _pacing = pacing;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromMinutes(30);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("BuildKit", "1.0"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        if (settings.Token is { } token) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Every call made, as "METHOD path", for tests and --dry-run comparisons.</summary>
    public List<string> Calls { get; } = [];

    private string Repo => $"repos/{_settings.Repository}";

    public async Task<GitHubRelease?> GetReleaseByTagAsync(string tag, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Repo}/releases/tags/{Uri.EscapeDataString(tag)}", null, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, GitHubJson.Default.GitHubRelease, cancellationToken);
    }

    /// <summary>Every release, drafts included (a draft cannot be found by its tag).</summary>
    public async Task<List<GitHubRelease>> ListReleasesAsync(CancellationToken cancellationToken)
    {
        var all = new List<GitHubRelease>();
        for (var page = 1; ; page++)
        {
            using var response = await SendAsync(HttpMethod.Get, $"{Repo}/releases?per_page=100&page={page}", null, cancellationToken);
            var batch = await ReadAsync(response, GitHubJson.Default.ListGitHubRelease, cancellationToken);
            all.AddRange(batch);
            if (batch.Count < 100) return all;
        }
    }

    public async Task<GitHubRelease> CreateReleaseAsync(GitHubReleaseRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{Repo}/releases", JsonContent.Create(request, GitHubJson.Default.GitHubReleaseRequest), cancellationToken);
        return await ReadAsync(response, GitHubJson.Default.GitHubRelease, cancellationToken);
    }

    public async Task<GitHubRelease> UpdateReleaseAsync(long id, GitHubReleaseRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"{Repo}/releases/{id}", JsonContent.Create(request, GitHubJson.Default.GitHubReleaseRequest), cancellationToken);
        return await ReadAsync(response, GitHubJson.Default.GitHubRelease, cancellationToken);
    }

    public async Task<List<GitHubAsset>> ListAssetsAsync(long releaseId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Repo}/releases/{releaseId}/assets?per_page=100", null, cancellationToken);
        return await ReadAsync(response, GitHubJson.Default.ListGitHubAsset, cancellationToken);
    }

    public async Task DeleteAssetAsync(long assetId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{Repo}/releases/assets/{assetId}", null, cancellationToken, allowNotFound: true);
    }

    /// <summary>Uploads to the release's upload_url (its URI template stripped). A 502 is returned to the caller, which cleans up the starter asset.</summary>
    public async Task<GitHubAsset> UploadAssetAsync(GitHubRelease release, string name, string file, CancellationToken cancellationToken)
    {
        var uploadUrl = release.UploadUrl.Split('{')[0] + $"?name={Uri.EscapeDataString(name)}";
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".rpm", StringComparison.Ordinal) ? "application/x-rpm" : "application/octet-stream");
        using var response = await SendAsync(HttpMethod.Post, uploadUrl, content, cancellationToken, retryServerErrors: false);
        return await ReadAsync(response, GitHubJson.Default.GitHubAsset, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathOrUrl, HttpContent? content, CancellationToken cancellationToken, bool allowNotFound = false, bool retryServerErrors = true)
    {
        var uri = pathOrUrl.StartsWith("http", StringComparison.Ordinal) ? new Uri(pathOrUrl) : new Uri(_settings.ApiBase, pathOrUrl);
        var body = content is null ? null : await content.ReadAsByteArrayAsync(cancellationToken);
        var mutating = method != HttpMethod.Get;
        for (var attempt = 1; ; attempt++)
        {
            if (mutating) await PaceAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, uri);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = content!.Headers.ContentType;
            }
            Calls.Add($"{method} {uri.AbsolutePath}");
            var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)) return response;

            var wait = RateLimitWait(response, attempt) ?? (retryServerErrors && (int)response.StatusCode >= 500 ? Backoff(attempt) : (TimeSpan?)null);
            if (wait is { } delay && attempt < _pacing.MaxAttempts)
            {
                _log.Information($"[publish] GitHub answered {(int)response.StatusCode} to {method} {uri.AbsolutePath}; waiting {delay.TotalSeconds:0.#} s before attempt {attempt + 1}");
                response.Dispose();
                await Task.Delay(_pacing.Scaled(delay), cancellationToken);
                continue;
            }
            try
            {
                var error = await TryReadErrorAsync(response, cancellationToken);
                throw new GitHubApiException(response.StatusCode,
                    $"GitHub answered {(int)response.StatusCode} to {method} {uri.AbsolutePath}: {error?.Message ?? response.ReasonPhrase}" +
                    (error?.Errors is { Count: > 0 } details ? $" ({string.Join(", ", details.Select(d => $"{d.Resource} {d.Field} {d.Code}"))})" : ""), error);
            }
            finally
            {
                response.Dispose();
            }
        }
    }

    /// <summary>403/429 rate limits: retry-after when given, else until x-ratelimit-reset when the quota is spent, else a minute, doubling.</summary>
    private TimeSpan? RateLimitWait(HttpResponseMessage response, int attempt)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)) return null;
        if (response.Headers.RetryAfter?.Delta is { } delta) return delta;
        if (Header(response, "x-ratelimit-remaining") == "0" && long.TryParse(Header(response, "x-ratelimit-reset"), out var reset))
            return TimeSpan.FromSeconds(Math.Max(1, reset - _clock.GetUtcNow().ToUnixTimeSeconds()));
        return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromMinutes(1) * Math.Pow(2, attempt - 1) : null;
    }

    private TimeSpan Backoff(int attempt) => _pacing.FirstBackoff * Math.Pow(2, attempt - 1);

    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        var since = _clock.GetUtcNow() - _lastMutation;
        if (since < _pacing.MutationGap) await Task.Delay(_pacing.Scaled(_pacing.MutationGap - since), cancellationToken);
        _lastMutation = _clock.GetUtcNow();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken) ?? throw new GitHubApiException(response.StatusCode, "GitHub sent an empty answer.");

    private static async Task<GitHubError?> TryReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(GitHubJson.Default.GitHubError, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
