using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BuildKit.Logging;

namespace BuildKit.GitHub;

/// <summary>
/// The GitHub Releases REST API over HttpClient. Mutating calls are paced; 5xx answers are retried with backoff; 403/429
/// rate limits are waited out as retry-after or x-ratelimit-reset say; lists are read page by page as their Link headers
/// lead. A call that gets no answer names itself and the host. The token is sent as a header and never logged.
/// </summary>
public sealed class GitHubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly GitHubSettings _settings;
    private readonly PublishPacing _pacing;
    private readonly IBuildLog _log;
    private readonly TimeProvider _clock;
    private DateTimeOffset _lastMutation = DateTimeOffset.MinValue;

    public GitHubClient(
        GitHubSettings settings, PublishPacing pacing, IBuildLog log, TimeProvider? clock = null, HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        _settings = settings;
        _pacing = pacing;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = timeout ?? TimeSpan.FromMinutes(30);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("BuildKit", "1.0"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        if (settings.Token is { } token) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Every call made, as "METHOD path", for tests and --dry-run comparisons.</summary>
    public List<string> Calls { get; } = [];

    private string Repo => $"repos/{_settings.Repository}";

    /// <summary>The repository with the caller's permissions on it; null when GitHub has none by that name that the token can see.</summary>
    public async Task<GitHubRepository?> GetRepositoryAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, Repo, null, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, GitHubJson.Default.GitHubRepository, cancellationToken);
    }

    /// <summary>Whether the token is a GitHub App installation's: no other token may list an installation's repositories.</summary>
    public async Task<bool> IsInstallationTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, "installation/repositories?per_page=1", null, cancellationToken);
            return true;
        }
        catch (GitHubApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The repository's immutable-releases setting; null for GitHub's 404, which it documents as "not enabled".</summary>
    public async Task<ImmutableReleasesSetting?> GetImmutableReleasesAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Repo}/immutable-releases", null, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, GitHubJson.Default.ImmutableReleasesSetting, cancellationToken);
    }

    public async Task<GitHubRelease?> GetReleaseByTagAsync(string tag, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Repo}/releases/tags/{Uri.EscapeDataString(tag)}", null, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, GitHubJson.Default.GitHubRelease, cancellationToken);
    }

    /// <summary>Every release, drafts included (a draft cannot be found by its tag).</summary>
    public Task<List<GitHubRelease>> ListReleasesAsync(CancellationToken cancellationToken) =>
        ListAsync($"{Repo}/releases?per_page=100", GitHubJson.Default.ListGitHubRelease, cancellationToken);

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

    /// <summary>Every asset of the release, however many pages they take.</summary>
    public Task<List<GitHubAsset>> ListAssetsAsync(long releaseId, CancellationToken cancellationToken) =>
        ListAsync($"{Repo}/releases/{releaseId}/assets?per_page=100", GitHubJson.Default.ListGitHubAsset, cancellationToken);

    /// <summary>An asset's bytes. GitHub redirects to a signed download URL, which HttpClient follows without the token.</summary>
    public async Task<byte[]> DownloadAssetAsync(long assetId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Repo}/releases/assets/{assetId}", null, cancellationToken, accept: "application/octet-stream");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
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

    private async Task<List<T>> ListAsync<T>(string firstPage, JsonTypeInfo<List<T>> type, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        for (var page = firstPage; page is not null;)
        {
            using var response = await SendAsync(HttpMethod.Get, page, null, cancellationToken);
            all.AddRange(await ReadAsync(response, type, cancellationToken));
            page = ResponseHeaders.NextPage(response);
        }
        return all;
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathOrUrl, HttpContent? content, CancellationToken cancellationToken,
        bool allowNotFound = false, bool retryServerErrors = true, string? accept = null)
    {
        var uri = pathOrUrl.StartsWith("http", StringComparison.Ordinal) ? new Uri(pathOrUrl) : new Uri(_settings.ApiBase, pathOrUrl);
        var body = content is null ? null : await content.ReadAsByteArrayAsync(cancellationToken);
        var mutating = method != HttpMethod.Get;
        for (var attempt = 1; ; attempt++)
        {
            if (mutating) await PaceAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, uri);
            if (accept is not null) request.Headers.Accept.ParseAdd(accept);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = content!.Headers.ContentType;
            }
            Calls.Add($"{method} {uri.AbsolutePath}");
            var response = await AnswerAsync(request, cancellationToken);
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

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = $"{request.Method} {request.RequestUri!.AbsolutePath}";
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubUnreachableException(call, request.RequestUri.Authority, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitHubUnreachableException(call, request.RequestUri.Authority, $"no answer within {_http.Timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>403/429 rate limits: retry-after when given, else until x-ratelimit-reset when the quota is spent, else a minute, doubling.</summary>
    private TimeSpan? RateLimitWait(HttpResponseMessage response, int attempt)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)) return null;
        if (response.Headers.RetryAfter?.Delta is { } delta) return delta;
        if (ResponseHeaders.Value(response, "x-ratelimit-remaining") == "0" && long.TryParse(ResponseHeaders.Value(response, "x-ratelimit-reset"), out var reset))
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

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
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
