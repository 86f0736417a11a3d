using System.Collections.Immutable;

namespace BuildKit.Configuration;

/// <summary>A user name and password taken out of a repository URL, for git's credential helper; never shown.</summary>
public sealed record RemoteCredential(string User, string Password)
{
    public override string ToString() => "***";
}

/// <summary>
/// Repository addresses as they may be stored and shown. Credentials written into an http(s) URL are taken out while
/// planning (git gets them from a credential helper), so no mirror config, log or record can hold them; ssh user names
/// (git@host) are not secrets and stay.
/// </summary>
public static class RemoteUrl
{
    public static string Display(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo)) return url;
        var user = uri.UserInfo.Split(':')[0];
        var shown = uri.UserInfo.Contains(':') || user.Length > 20 ? "***" : user;
        return url.Replace(uri.UserInfo + "@", shown + "@", StringComparison.Ordinal);
    }

    /// <summary>
    /// <paramref name="url"/> without the credentials written into it, and those credentials by the origin
    /// (scheme://host[:port]) git asks its credential helper about.
    /// </summary>
    public static (string Url, string? Origin, RemoteCredential? Credential) WithoutCredentials(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return (url, null, null);
        var parts = uri.UserInfo.Split(':', 2);
        var origin = uri.GetLeftPart(UriPartial.Authority).Replace(uri.UserInfo + "@", "", StringComparison.Ordinal);
        return (url.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal), origin,
            new RemoteCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : ""));
    }

    /// <summary>Takes the credentials out of every URL a run contacts, gathering them by origin for git.</summary>
    public sealed class CredentialCollector
    {
        private readonly Dictionary<string, RemoteCredential> _found = new(StringComparer.Ordinal);

        public ImmutableDictionary<string, RemoteCredential> Credentials => _found.ToImmutableDictionary(StringComparer.Ordinal);

        public string Strip(string url)
        {
            var (stripped, origin, credential) = WithoutCredentials(url);
            if (origin is not null && credential is not null) _found[origin] = credential;
            return stripped;
        }
    }
}
