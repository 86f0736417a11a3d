using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>The fake's answers in the shapes GitHub gives them, paged lists included.</summary>
public sealed partial class FakeGitHub
{
    private const string Created = "2026-01-01T00:00:00Z";

    /// <summary>
    /// One page of a list: per_page (30 when not given, at most 100) and page as GitHub reads them, and a Link header to
    /// the previous, next, first and last pages that has them, addressed by repository id as GitHub addresses them.
    /// </summary>
    private void RespondPage<T>(HttpListenerContext context, string api, string path, IReadOnlyList<T> items, Func<T, JsonNode> json)
    {
        var query = context.Request.QueryString;
        var perPage = Math.Clamp(int.TryParse(query["per_page"], out var size) ? size : 30, 1, 100);
        var page = Math.Max(1, int.TryParse(query["page"], out var number) ? number : 1);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var address = $"{BaseUrl}{api}repositories/{RepositoryId}{path["/repos/owner/repo".Length..]}";
        string Link(int target, string rel) => $"<{address}?per_page={perPage}&page={target}>; rel=\"{rel}\"";
        var links = new List<string>();
        if (page > 1) links.Add(Link(page - 1, "prev"));
        if (page < last) links.AddRange([Link(page + 1, "next"), Link(last, "last")]);
        if (page > 1) links.Add(Link(1, "first"));
        if (links.Count > 0) context.Response.Headers["Link"] = string.Join(", ", links);
        Respond(context, 200, new JsonArray([.. items.Skip((page - 1) * perPage).Take(perPage).Select(json)]));
    }

    private JsonObject RepositoryJson(string api, JsonObject? permissions)
    {
        var repository = new JsonObject
        {
            ["id"] = RepositoryId, ["node_id"] = "R_fake", ["name"] = "repo", ["full_name"] = "owner/repo", ["private"] = false,
            ["owner"] = new JsonObject { ["login"] = "owner", ["id"] = 1, ["type"] = "Organization" },
            ["html_url"] = $"{BaseUrl}owner/repo", ["url"] = $"{BaseUrl}{api}repos/owner/repo", ["default_branch"] = "main",
        };
        if (permissions is not null) repository["permissions"] = permissions;
        return repository;
    }

    private JsonObject Json(string api, Release release) => new()
    {
        ["url"] = $"{BaseUrl}{api}repos/owner/repo/releases/{release.Id}",
        // GitHub gives a draft a page of its own until it is published under its tag.
        ["html_url"] = release.Draft ? $"{BaseUrl}owner/repo/releases/tag/untagged-{release.Id}" : $"{BaseUrl}owner/repo/releases/tag/{release.Tag}",
        ["assets_url"] = $"{BaseUrl}{api}repos/owner/repo/releases/{release.Id}/assets",
        ["upload_url"] = $"{BaseUrl}{(api.Length == 0 ? "" : "api/")}uploads/repos/owner/repo/releases/{release.Id}/assets{{?name,label}}",
        ["tarball_url"] = $"{BaseUrl}{api}repos/owner/repo/tarball/{release.Tag}",
        ["zipball_url"] = $"{BaseUrl}{api}repos/owner/repo/zipball/{release.Tag}",
        ["id"] = release.Id, ["node_id"] = $"RE_{release.Id}", ["tag_name"] = release.Tag, ["target_commitish"] = "main",
        ["name"] = release.Name, ["body"] = release.Body, ["draft"] = release.Draft, ["prerelease"] = release.Prerelease,
        ["immutable"] = release.Immutable, ["created_at"] = Created, ["published_at"] = release.Draft ? null : Created,
        ["author"] = User(),
        ["assets"] = new JsonArray([.. release.Assets.Select(asset => Json(api, asset))]),
    };

    private JsonObject Json(string api, Asset asset)
    {
        var json = new JsonObject
        {
            ["url"] = $"{BaseUrl}{api}repos/owner/repo/releases/assets/{asset.Id}",
            ["browser_download_url"] = $"{BaseUrl}owner/repo/releases/download/{Uri.EscapeDataString(asset.Name)}",
            ["id"] = asset.Id, ["node_id"] = $"RA_{asset.Id}", ["name"] = asset.Name, ["label"] = "", ["state"] = asset.State,
            ["content_type"] = "application/octet-stream", ["size"] = asset.Size, ["download_count"] = 0,
            ["created_at"] = Created, ["updated_at"] = Created, ["uploader"] = User(),
        };
        // Older GitHub Enterprise Server has no digest field at all; GitHub has none for a half-finished upload.
        if (Digests) json["digest"] = asset.State == "uploaded" ? "sha256:" + Convert.ToHexString(SHA256.HashData(asset.Content)).ToLowerInvariant() : null;
        return json;
    }

    private static JsonObject User() => new() { ["login"] = "owner", ["id"] = 1, ["type"] = "User" };

    private static JsonObject NotFound() => new() { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" };

    private static JsonObject AlreadyExists(string resource, string field) => new()
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = "already_exists", ["field"] = field }),
    };
}
