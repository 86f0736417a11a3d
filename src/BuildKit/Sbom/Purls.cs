namespace BuildKit.Sbom;

/// <summary>Package URLs (github.com/package-url/purl-spec) for the components BuildKit finds.</summary>
public static class Purls
{
    /// <summary>pkg:golang/MODULE@VERSION, each path segment encoded and the slashes kept.</summary>
    public static string Golang(string module, string version) => $"pkg:golang/{Segments(module)}@{Encode(version)}";

    /// <summary>pkg:npm/NAME@VERSION; a scope's @ is encoded (pkg:npm/%40types/node@20.1.0).</summary>
    public static string Npm(string name, string version) => $"pkg:npm/{Segments(name)}@{Encode(version)}";

    /// <summary>pkg:github/OWNER/REPO@COMMIT for a github.com repository, else pkg:generic/NAME@VERSION?vcs_url=git+URL@COMMIT.</summary>
    public static string Source(string name, string version, string url, string commit)
    {
        if (GitHubRepository(url) is { } repository) return $"pkg:github/{Segments(repository.ToLowerInvariant())}@{Encode(commit)}";
        return $"pkg:generic/{Encode(name)}@{Encode(version)}?vcs_url={Encode(VcsUrl(url, commit))}";
    }

    /// <summary>The SPDX downloadLocation of a git source: git+URL@COMMIT.</summary>
    public static string VcsUrl(string url, string commit) => $"{(url.StartsWith("git+", StringComparison.Ordinal) ? "" : "git+")}{url}@{commit}";

    /// <summary>OWNER/REPO of a github.com URL (https or ssh), without .git; null for any other host.</summary>
    public static string? GitHubRepository(string url)
    {
        foreach (var prefix in (string[])["https://github.com/", "http://github.com/", "git@github.com:", "ssh://git@github.com/"])
            if (url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var path = url[prefix.Length..].TrimEnd('/');
                if (path.EndsWith(".git", StringComparison.Ordinal)) path = path[..^4];
                return path.Count(c => c == '/') == 1 ? path : null;
            }
        return null;
    }

    private static string Segments(string path) => string.Join('/', path.Split('/').Select(Encode));

    private static string Encode(string text) => Uri.EscapeDataString(text);
}
