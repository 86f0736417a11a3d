using System.Text.Json.Serialization;

namespace BuildKit.GitHub;

/// <summary>A release as GitHub's REST API returns it (the fields the publisher reads).</summary>
public sealed record GitHubRelease(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("tag_name")] string TagName,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("draft")] bool Draft,
    [property: JsonPropertyName("prerelease")] bool Prerelease,
    [property: JsonPropertyName("immutable")] bool Immutable,
    [property: JsonPropertyName("upload_url")] string UploadUrl,
    [property: JsonPropertyName("html_url")] string? HtmlUrl);

/// <summary>A release asset; <c>state</c> is "uploaded", or "starter" for one a failed upload left behind.</summary>
public sealed record GitHubAsset(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("digest")] string? Digest);

/// <summary>
/// A repository as GitHub returns it. <c>permissions</c> are the caller's: GitHub sends them to a user's token, and to a
/// GitHub App installation token (GitHub Actions' GITHUB_TOKEN) either not at all or with push false whatever it may do.
/// </summary>
public sealed record GitHubRepository(
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("permissions")] GitHubPermissions? Permissions);

/// <summary>The caller's rights on a repository; publishing releases needs push.</summary>
public sealed record GitHubPermissions([property: JsonPropertyName("push")] bool Push);

/// <summary>The repository's immutable-releases setting: once on, a release can no longer change when it is published.</summary>
public sealed record ImmutableReleasesSetting(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("enforced_by_owner")] bool EnforcedByOwner);

/// <summary>What creating or changing a release sends.</summary>
public sealed record GitHubReleaseRequest(
    [property: JsonPropertyName("tag_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TagName = null,
    [property: JsonPropertyName("target_commitish"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TargetCommitish = null,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonPropertyName("body"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body = null,
    [property: JsonPropertyName("draft"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Draft = null,
    [property: JsonPropertyName("prerelease"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Prerelease = null,
    [property: JsonPropertyName("make_latest"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MakeLatest = null);

/// <summary>GitHub's error body: a message and, for 422, what failed.</summary>
public sealed record GitHubError(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("errors")] IReadOnlyList<GitHubErrorDetail>? Errors);

public sealed record GitHubErrorDetail(
    [property: JsonPropertyName("resource")] string? Resource,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("field")] string? Field);

[JsonSerializable(typeof(GitHubRelease))]
[JsonSerializable(typeof(List<GitHubRelease>))]
[JsonSerializable(typeof(GitHubAsset))]
[JsonSerializable(typeof(List<GitHubAsset>))]
[JsonSerializable(typeof(GitHubReleaseRequest))]
[JsonSerializable(typeof(GitHubRepository))]
[JsonSerializable(typeof(ImmutableReleasesSetting))]
[JsonSerializable(typeof(GitHubError))]
public sealed partial class GitHubJson : JsonSerializerContext;
