namespace BuildKit.Configuration;

/// <summary>Repository addresses as they may be shown: credentials written into a URL never reach a log.</summary>
public static class RemoteUrl
{
    public static string Display(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo)) return url;
        var user = uri.UserInfo.Split(':')[0];
        var shown = uri.UserInfo.Contains(':') || user.Length > 20 ? "***" : user;
        return url.Replace(uri.UserInfo + "@", shown + "@", StringComparison.Ordinal);
    }

    public static bool IsLocal(string repo) => repo.StartsWith("file://", StringComparison.Ordinal) || Path.IsPathRooted(repo);
}
