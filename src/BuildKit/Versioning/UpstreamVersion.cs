using System.Text;
using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace BuildKit.Versioning;

/// <summary>
/// An upstream version as a tag or a version file writes it (v11.3.0, v11.3.0-beta1, 11.3.0+security-01, hotspot-1.3.0),
/// split into its numeric core, pre-release label and build metadata, and spelled the way RPM orders it.
/// </summary>
public sealed partial record UpstreamVersion(string Core, string? PreRelease, string? Metadata)
{
    /// <summary>Reads a tag or version string; null when it is not a version (a branch-like tag such as "latest").</summary>
    public static UpstreamVersion? TryParse(string text)
    {
        var match = TagPattern().Match(text.Trim().Replace("refs/tags/", "", StringComparison.Ordinal));
        if (!match.Success) return null;
        // NuGet.Versioning decides what is SemVer; the core is then kept as upstream wrote it (1.5 stays 1.5).
        if (!NuGetVersion.TryParse(match.Groups["version"].Value, out var parsed)) return null;
        return new UpstreamVersion(
            match.Groups["core"].Value,
            parsed.IsPrerelease ? parsed.Release : null,
            parsed.HasMetadata ? parsed.Metadata : null);
    }

    public bool IsPreRelease => PreRelease is not null;

    /// <summary>The RPM Version: pre-release after '~' (sorts before the release), metadata after '^' (after it); never a '-'.</summary>
    public string RpmVersion
    {
        get
        {
            var text = new StringBuilder(Core);
            if (PreRelease is { } pre) text.Append('~').Append(Sanitize(pre));
            if (Metadata is { } meta) text.Append('^').Append(Sanitize(meta));
            return text.ToString();
        }
    }

    /// <summary>Letters, digits, dots and underscores only: every other character becomes '_'.</summary>
    public static string Sanitize(string label) =>
        new(label.Select(c => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' ? c : '_').ToArray());

    public override string ToString() => Core + (PreRelease is { } p ? "-" + p : "") + (Metadata is { } m ? "+" + m : "");

    [GeneratedRegex(@"^(?:[A-Za-z][A-Za-z0-9_]*[-_/])?[vV]?(?<version>(?<core>\d+(?:\.\d+){0,3})(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$")]
    private static partial Regex TagPattern();
}
