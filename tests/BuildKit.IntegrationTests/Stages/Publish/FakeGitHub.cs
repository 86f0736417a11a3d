using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.GitHub;
using BuildKit.Stages.Publish;
using BuildKit.Versioning;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>
/// A stateful GitHub REST API on 127.0.0.1 that behaves as GitHub documents: drafts are listed but not found by tag,
/// lists come in pages (per_page 30 by default, 100 at most) linked by Link headers, a duplicate release or asset name is
/// 422 already_exists, asset names with special characters are renamed, an asset's bytes are a redirect away (to a
/// signed URL that refuses a token), rate limits answer 403/429 with retry-after, a failed upload answers 502 and leaves a
/// "starter" asset, and a published immutable release refuses every change. The same API answers under /api/v3 with
/// uploads under /api/uploads, as GitHub Enterprise Server does; with <c>digests: false</c> assets carry no digest, as on
/// older GitHub Enterprise Server.
/// </summary>
public sealed partial class FakeGitHub : IDisposable
{
    /// <summary>A user's token with write access, unless <see cref="CanPush"/> says otherwise.</summary>
    public const string Token = "ghp_fakeTOKENforTESTS0123456789";

    /// <summary>A GitHub App installation token, as GitHub Actions' GITHUB_TOKEN is: GitHub reports no permissions to it.</summary>
    public const string AppToken = "ghs_fakeAPPtokenFORtests0123456789";

    public const long RepositoryId = 4242;
    private readonly HttpListener _listener;
    private readonly object _gate = new();
    private readonly List<Release> _releases = [];
    private long _nextId = 100;
    private int _failUploads;
    private int _rateLimited;
    private int _retryAfterSeconds;

    public FakeGitHub(bool immutableReleases = false, bool digests = true)
    {
        ImmutableReleases = immutableReleases;
        Digests = digests;
        (_listener, BaseUrl) = StartOnFreePort();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>The API's root as a GitHub Enterprise Server serves it, where Octokit looks for it.</summary>
    public string EnterpriseUrl => BaseUrl + "api/v3/";

    public bool ImmutableReleases { get; }
    public bool Digests { get; }

    /// <summary>Whether <see cref="Token"/>'s user may push to the repository.</summary>
    public bool CanPush { get; set; } = true;

    /// <summary>Every request as "METHOD path", the path as under api.github.com.</summary>
    public List<string> Requests { get; } = [];
    public int MutatingRequests => Requests.Count(r => !r.StartsWith("GET", StringComparison.Ordinal));
    public int Uploads => Requests.Count(r => r.StartsWith("POST /uploads/", StringComparison.Ordinal));

    public sealed class Release
    {
        public long Id { get; init; }
        public required string Tag { get; init; }
        public string? Name { get; set; }
        public string? Body { get; set; }
        public bool Draft { get; set; }
        public bool Prerelease { get; set; }
        public bool Immutable { get; set; }
        public List<Asset> Assets { get; } = [];
    }

    public sealed record Asset(long Id, string Name, string State, byte[] Content)
    {
        public long Size => Content.Length;
    }

    public IReadOnlyList<Release> Releases { get { lock (_gate) return [.. _releases]; } }

    /// <summary>The next <paramref name="count"/> uploads fail with 502 after storing a "starter" asset.</summary>
    public void FailNextUploads(int count) { lock (_gate) _failUploads = count; }

    /// <summary>The next <paramref name="count"/> requests are rate limited with 429 and retry-after.</summary>
    public void RateLimitNext(int count, int retryAfterSeconds) { lock (_gate) { _rateLimited = count; _retryAfterSeconds = retryAfterSeconds; } }

    /// <summary>A release as an earlier run left it, its assets uploaded whole.</summary>
    public Release Seed(string tag, string? name = null, bool draft = false, params (string Name, string Content)[] assets)
    {
        lock (_gate)
        {
            var release = new Release { Id = _nextId++, Tag = tag, Name = name ?? tag, Body = "", Draft = draft, Immutable = ImmutableReleases && !draft };
            release.Assets.AddRange(assets.Select(a => new Asset(_nextId++, a.Name, "uploaded", Encoding.UTF8.GetBytes(a.Content))));
            _releases.Add(release);
            return release;
        }
    }

    /// <summary>A published release of one build of PRODUCT VERSION-RELEASE for a distribution and architecture, as BuildKit writes its notes.</summary>
    public Release SeedBuild(string product, string versionRelease, string distribution, string arch)
    {
        var evr = Evr.Parse(versionRelease + Distribution.Named(distribution, "the test").DistTag);
        var release = Seed(AssetNames.Map($"{product}-{versionRelease}"), $"{product} {versionRelease}");
        lock (_gate) release.Body = ReleaseBuilds.Render("seeded", [new ReleaseBuild(distribution, arch, evr, [], "seeded")]);
        return release;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            try
            {
                Handle(context);
            }
            catch (Exception e)
            {
                Respond(context, 500, new JsonObject { ["message"] = e.Message });
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var (api, path) = Route(request.Url!.AbsolutePath);
        var method = request.HttpMethod;
        byte[] body;
        using (var memory = new MemoryStream())
        {
            request.InputStream.CopyTo(memory);
            body = memory.ToArray();
        }
        lock (_gate)
        {
            Requests.Add($"{method} {path}");
            Match m;
            if (method == "GET" && (m = DownloadPath().Match(path)).Success)
            {
                // A signed storage URL: it takes no second credential, as S3 refuses a request that carries one.
                if (request.Headers["Authorization"] is not null) Respond(context, 400, new JsonObject { ["message"] = "Only one auth mechanism allowed" });
                else RespondBytes(context, _releases.SelectMany(r => r.Assets).Single(a => a.Id == long.Parse(m.Groups[1].Value)).Content);
                return;
            }
            var token = Authenticated(request.Headers["Authorization"]);
            if (token is null)
            {
                Respond(context, 401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest" });
                return;
            }
            if (_rateLimited > 0)
            {
                _rateLimited--;
                context.Response.Headers["retry-after"] = _retryAfterSeconds.ToString();
                Respond(context, 429, new JsonObject { ["message"] = "You have exceeded a secondary rate limit." });
                return;
            }
            if (method != "GET" && token == Token && !CanPush)
            {
                Respond(context, 403, new JsonObject { ["message"] = "Resource not accessible by personal access token" });
                return;
            }
            Dispatch(context, api, path, method, body, token);
        }
    }

    private void Dispatch(HttpListenerContext context, string api, string path, string method, byte[] body, string token)
    {
        var request = context.Request;
        Match m;
        if (method == "GET" && path == "/repos/owner/repo")
            Respond(context, 200, RepositoryJson(api, token == Token ? new JsonObject { ["admin"] = false, ["maintain"] = false, ["push"] = CanPush, ["triage"] = CanPush, ["pull"] = true } : null));
        else if (method == "GET" && path == "/repos/owner/repo/immutable-releases")
            Respond(context, ImmutableReleases ? 200 : 404, ImmutableReleases ? new JsonObject { ["enabled"] = true, ["enforced_by_owner"] = false } : NotFound());
        else if (method == "GET" && path == "/installation/repositories")
            Respond(context, token == AppToken ? 200 : 403, token == AppToken
                ? new JsonObject { ["total_count"] = 1, ["repositories"] = new JsonArray(RepositoryJson(api, null)) }
                : new JsonObject { ["message"] = "You must authenticate with an installation access token in order to list repositories for an installation." });
        else if (method == "GET" && path == "/repos/owner/repo/releases")
            RespondPage(context, api, path, Enumerable.Reverse(_releases).ToList(), release => Json(api, release));
        else if (method == "GET" && (m = TagPath().Match(path)).Success)
        {
            var release = _releases.FirstOrDefault(r => r.Tag == Uri.UnescapeDataString(m.Groups[1].Value) && !r.Draft);
            Respond(context, release is null ? 404 : 200, release is null ? NotFound() : Json(api, release));
        }
        else if (method == "POST" && path == "/repos/owner/repo/releases") CreateRelease(context, api, body);
        else if (method == "PATCH" && (m = ReleasePath().Match(path)).Success) UpdateRelease(context, api, long.Parse(m.Groups[1].Value), body);
        else if (method == "GET" && (m = AssetsPath().Match(path)).Success && Find(m) is { } listed)
            RespondPage(context, api, path, listed.Assets, asset => Json(api, asset));
        else if (method == "GET" && (m = AssetPath().Match(path)).Success && FindAsset(m) is { } asset)
        {
            if (request.AcceptTypes?.Any(t => t.StartsWith("application/octet-stream", StringComparison.Ordinal)) == true)
            {
                context.Response.Headers["Location"] = $"{BaseUrl}downloads/{asset.Id}/{Uri.EscapeDataString(asset.Name)}";
                Respond(context, 302, null);
            }
            else Respond(context, 200, Json(api, asset));
        }
        else if (method == "DELETE" && (m = AssetPath().Match(path)).Success) DeleteAsset(context, long.Parse(m.Groups[1].Value));
        else if (method == "POST" && (m = UploadPath().Match(path)).Success && Find(m) is { } target) Upload(context, api, target, body);
        else Respond(context, 404, NotFound());
    }

    private void CreateRelease(HttpListenerContext context, string api, byte[] body)
    {
        var json = JsonNode.Parse(body)!;
        var tag = json["tag_name"]!.GetValue<string>();
        if (_releases.Any(r => r.Tag == tag))
        {
            Respond(context, 422, AlreadyExists("Release", "tag_name"));
            return;
        }
        var release = new Release
        {
            Id = _nextId++, Tag = tag, Name = json["name"]?.GetValue<string>(), Body = json["body"]?.GetValue<string>(),
            Draft = json["draft"]?.GetValue<bool>() ?? false, Prerelease = json["prerelease"]?.GetValue<bool>() ?? false,
        };
        release.Immutable = ImmutableReleases && !release.Draft;
        _releases.Add(release);
        Respond(context, 201, Json(api, release));
    }

    private void UpdateRelease(HttpListenerContext context, string api, long id, byte[] body)
    {
        var release = _releases.FirstOrDefault(r => r.Id == id);
        if (release is null)
        {
            Respond(context, 404, NotFound());
            return;
        }
        if (release.Immutable)
        {
            Respond(context, 422, new JsonObject { ["message"] = "Cannot modify an immutable release." });
            return;
        }
        var json = JsonNode.Parse(body)!;
        if (json["name"] is { } name) release.Name = name.GetValue<string>();
        if (json["body"] is { } text) release.Body = text.GetValue<string>();
        if (json["prerelease"] is { } pre) release.Prerelease = pre.GetValue<bool>();
        if (json["draft"] is { } draft) release.Draft = draft.GetValue<bool>();
        release.Immutable = ImmutableReleases && !release.Draft;
        Respond(context, 200, Json(api, release));
    }

    private void DeleteAsset(HttpListenerContext context, long id)
    {
        var release = _releases.FirstOrDefault(r => r.Assets.Any(a => a.Id == id));
        if (release is { Immutable: true })
        {
            Respond(context, 422, new JsonObject { ["message"] = "Cannot delete assets of an immutable release." });
            return;
        }
        release?.Assets.RemoveAll(a => a.Id == id);
        Respond(context, release is null ? 404 : 204, release is null ? NotFound() : null);
    }

    private void Upload(HttpListenerContext context, string api, Release release, byte[] body)
    {
        if (release.Immutable)
        {
            Respond(context, 422, new JsonObject { ["message"] = "Cannot upload assets to an immutable release." });
            return;
        }
        var name = Rename(context.Request.QueryString["name"]!);
        if (release.Assets.Any(a => a.Name == name))
        {
            Respond(context, 422, AlreadyExists("ReleaseAsset", "name"));
            return;
        }
        if (_failUploads > 0)
        {
            _failUploads--;
            release.Assets.Add(new Asset(_nextId++, name, "starter", []));
            Respond(context, 502, new JsonObject { ["message"] = "Bad Gateway" });
            return;
        }
        var asset = new Asset(_nextId++, name, "uploaded", body);
        release.Assets.Add(asset);
        Respond(context, 201, Json(api, asset));
    }

    private static string? Authenticated(string? authorization)
    {
        var parts = (authorization ?? "").Split(' ', 2);
        var token = parts.Length == 2 && parts[0].ToLowerInvariant() is "bearer" or "token" ? parts[1] : null;
        return token is Token or AppToken ? token : null;
    }

    private Release? Find(Match match) => _releases.FirstOrDefault(r => r.Id == long.Parse(match.Groups[1].Value));

    private Asset? FindAsset(Match match) => _releases.SelectMany(r => r.Assets).FirstOrDefault(a => a.Id == long.Parse(match.Groups[1].Value));

    /// <summary>GitHub's renaming: characters outside letters, digits, '.', '-' and '_' become '.'.</summary>
    public static string Rename(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '.').ToArray());

    /// <summary>
    /// The API root the request came in under (GitHub Enterprise Server's /api/v3 or none) and its path as under
    /// api.github.com: /api/uploads is /uploads there, and /repositories/ID, which Link headers use, is /repos/OWNER/NAME.
    /// </summary>
    private static (string Api, string Path) Route(string path)
    {
        var api = "";
        if (path.StartsWith("/api/v3/", StringComparison.Ordinal)) (api, path) = ("api/v3/", path[7..]);
        else if (path.StartsWith("/api/uploads/", StringComparison.Ordinal)) (api, path) = ("api/v3/", path[4..]);
        var repository = $"/repositories/{RepositoryId}";
        return (api, path.StartsWith(repository, StringComparison.Ordinal) ? "/repos/owner/repo" + path[repository.Length..] : path);
    }

    private static void Respond(HttpListenerContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(new JsonSerializerOptions()));
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.OutputStream.Write(bytes);
        }
        context.Response.Close();
    }

    private static void RespondBytes(HttpListenerContext context, byte[] bytes)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    /// <summary>
    /// A listener started on a loopback port no one uses, and its base URL. A port found free can be taken by another test
    /// before the listener binds it: then another listener tries another (a listener that failed to start is closed).
    /// </summary>
    internal static (HttpListener Listener, string BaseUrl) StartOnFreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            var listener = new HttpListener();
            using (var socket = new TcpListener(IPAddress.Loopback, 0))
            {
                socket.Start();
                listener.Prefixes.Add($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndpoint).Port}/");
            }
            try
            {
                listener.Start();
                return (listener, listener.Prefixes.Single());
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public void Dispose() => _listener.Close();

    [GeneratedRegex(@"^/repos/owner/repo/releases/tags/(.+)$")]
    private static partial Regex TagPath();

    [GeneratedRegex(@"^/repos/owner/repo/releases/(\d+)$")]
    private static partial Regex ReleasePath();

    [GeneratedRegex(@"^/repos/owner/repo/releases/(\d+)/assets$")]
    private static partial Regex AssetsPath();

    [GeneratedRegex(@"^/repos/owner/repo/releases/assets/(\d+)$")]
    private static partial Regex AssetPath();

    [GeneratedRegex(@"^/uploads/repos/owner/repo/releases/(\d+)/assets$")]
    private static partial Regex UploadPath();

    [GeneratedRegex(@"^/downloads/(\d+)/")]
    private static partial Regex DownloadPath();
}
