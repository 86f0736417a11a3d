using System.Text.RegularExpressions;

namespace BuildKit.GitHub;

/// <summary>The headers GitHub steers a client with: a list's Link header (RFC 8288) and the rate-limit counters.</summary>
internal static partial class ResponseHeaders
{
    public static string? Value(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The next page of a list, as its Link header's rel="next" names it; null on the last page.</summary>
    public static string? NextPage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values)
            ? values.SelectMany(value => Link().Matches(value))
                .FirstOrDefault(link => link.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next"))?.Groups["url"].Value
            : null;

    [GeneratedRegex("""<(?<url>[^>]+)>\s*;\s*rel="(?<rel>[^"]+)"\s*""")]
    private static partial Regex Link();
}
