using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>
/// A stateful GitHub Releases API on 127.0.0.1 that behaves as GitHub documents: drafts are listed but not found by tag,
/// a duplicate release or asset name is 422 already_exists, asset names with special characters are renamed, rate
/// limits answer 403/429 with retry-after, a failed upload answers 502 and leaves a "starter" asset, and a published
/// immutable release refuses every change.
/// </summary>
public sealed partial class FakeGitHub : IDisposable
{
    public const string Token = "ghp_fakeTOKENforTESTS0123456789";
    private readonly HttpListener _listener = new();
    private readonly object _gate = new();
    private readonly List<Release> _releases = [];
    private long _nextId = 100;
    private int _failUploads;
    private int _rateLimited;
    private int _retryAfterSeconds;

    public FakeGitHub(bool immutableReleases = false)
    {
        ImmutableReleases = immutableReleases;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }
    public bool ImmutableReleases { get; }
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

    public sealed record Asset(long Id, string Name, string State, long Size, string Digest);

    public IReadOnlyList<Release> Releases { get { lock (_gate) return [.. _releases]; } }

    /// <summary>The next <paramref name="count"/> uploads fail with 502 after storing a "starter" asset.</summary>
    public void FailNextUploads(int count) { lock (_gate) _failUploads = count; }

    /// <summary>The next <paramref name="count"/> requests are rate limited with 429 and retry-after.</summary>
    public void RateLimitNext(int count, int retryAfterSeconds) { lock (_gate) { _rateLimited = count; _retryAfterSeconds = retryAfterSeconds; } }

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
        var path = request.Url!.AbsolutePath;
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
            if (request.Headers["Authorization"] != $"Bearer {Token}")
            {
                Respond(context, 401, new JsonObject { ["message"] = "Bad credentials" });
                return;
            }
            if (_rateLimited > 0)
            {
                _rateLimited--;
                context.Response.Headers["retry-after"] = _retryAfterSeconds.ToString();
                Respond(context, 429, new JsonObject { ["message"] = "You have exceeded a secondary rate limit." });
                return;
            }

            Match m;
            if (method == "GET" && (m = ReleasesPath().Match(path)).Success)
            {
                var page = int.Parse(request.QueryString["page"] ?? "1");
                var perPage = int.Parse(request.QueryString["per_page"] ?? "30");
                Respond(context, 200, new JsonArray([.. _releases.Skip((page - 1) * perPage).Take(perPage).Select(Json)]));
            }
            else if (method == "GET" && (m = TagPath().Match(path)).Success)
            {
                var release = _releases.FirstOrDefault(r => r.Tag == Uri.UnescapeDataString(m.Groups[1].Value) && !r.Draft);
                if (release is null) Respond(context, 404, new JsonObject { ["message"] = "Not Found" });
                else Respond(context, 200, Json(release));
            }
            else if (method == "POST" && ReleasesPath().IsMatch(path))
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
                Respond(context, 201, Json(release));
            }
            else if (method == "PATCH" && (m = ReleasePath().Match(path)).Success)
            {
                var release = _releases.Single(r => r.Id == long.Parse(m.Groups[1].Value));
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
                Respond(context, 200, Json(release));
            }
            else if (method == "GET" && (m = AssetsPath().Match(path)).Success)
            {
                var release = _releases.Single(r => r.Id == long.Parse(m.Groups[1].Value));
                Respond(context, 200, new JsonArray([.. release.Assets.Select(Json)]));
            }
            else if (method == "DELETE" && (m = AssetPath().Match(path)).Success)
            {
                var id = long.Parse(m.Groups[1].Value);
                var release = _releases.FirstOrDefault(r => r.Assets.Any(a => a.Id == id));
                if (release is { Immutable: true })
                {
                    Respond(context, 422, new JsonObject { ["message"] = "Cannot delete assets of an immutable release." });
                    return;
                }
                release?.Assets.RemoveAll(a => a.Id == id);
                Respond(context, release is null ? 404 : 204, null);
            }
            else if (method == "POST" && (m = UploadPath().Match(path)).Success)
            {
                var release = _releases.Single(r => r.Id == long.Parse(m.Groups[1].Value));
                if (release.Immutable)
                {
                    Respond(context, 422, new JsonObject { ["message"] = "Cannot upload assets to an immutable release." });
                    return;
                }
                var name = Rename(request.QueryString["name"]!);
                if (release.Assets.Any(a => a.Name == name))
                {
                    Respond(context, 422, AlreadyExists("ReleaseAsset", "name"));
                    return;
                }
                var digest = "sha256:" + Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant();
                if (_failUploads > 0)
                {
                    _failUploads--;
                    release.Assets.Add(new Asset(_nextId++, name, "starter", 0, ""));
                    Respond(context, 502, new JsonObject { ["message"] = "Bad Gateway" });
                    return;
                }
                var asset = new Asset(_nextId++, name, "uploaded", body.Length, digest);
                release.Assets.Add(asset);
                Respond(context, 201, Json(asset));
            }
            else Respond(context, 404, new JsonObject { ["message"] = "Not Found" });
        }
    }

    /// <summary>GitHub's renaming: characters outside letters, digits, '.', '-' and '_' become '.'.</summary>
    public static string Rename(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '.').ToArray());

    private JsonObject Json(Release release) => new()
    {
        ["id"] = release.Id, ["tag_name"] = release.Tag, ["name"] = release.Name, ["body"] = release.Body, ["draft"] = release.Draft,
        ["prerelease"] = release.Prerelease, ["immutable"] = release.Immutable,
        ["upload_url"] = $"{BaseUrl}uploads/repos/owner/repo/releases/{release.Id}/assets{{?name,label}}",
        ["html_url"] = $"{BaseUrl}owner/repo/releases/tag/{release.Tag}",
    };

    private static JsonObject Json(Asset asset) => new()
    {
        ["id"] = asset.Id, ["name"] = asset.Name, ["state"] = asset.State, ["size"] = asset.Size, ["digest"] = asset.Digest.Length == 0 ? null : asset.Digest,
    };

    private static JsonObject AlreadyExists(string resource, string field) => new()
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = "already_exists", ["field"] = field }),
    };

    private static void Respond(HttpListenerContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(new JsonSerializerOptions()));
            context.Response.ContentType = "application/json";
            context.Response.OutputStream.Write(bytes);
        }
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();

    [GeneratedRegex(@"^/repos/owner/repo/releases$")]
    private static partial Regex ReleasesPath();

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
}
