using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BuildKit.Versioning;

namespace BuildKit.Stages.Verify;

/// <summary>The line of a smoke test's output that states a version, and whether it is a version built.</summary>
public sealed record VersionLine(string? Line, bool Matches);

/// <summary>
/// The versions an installed program may print for the build: the upstream part of the RPM version (1.3.0 of
/// 1.3.0^20260412.120000.git1234abc, 12.2.0 of 12.2.0~beta1, which the program prints as 12.2.0-beta1), and for a snapshot
/// also the version its tree states (a snapshot after tag 1.3.0 of a tree that says 1.3.80 prints 1.3.80). A release is
/// held to its tag: a program printing another version than its tag is not the release. Numbers compare without trailing
/// zeros (1.5 is 1.5.0).
/// </summary>
public sealed partial record ExpectedVersion(string RpmVersion, ImmutableArray<string> Accepted)
{
    public static ExpectedVersion Of(PackageVersion version, string? stated)
    {
        string?[] accepted = [version.Upstream, version.Kind == VersionKind.Snapshot ? Numeric(stated) : null];
        return new ExpectedVersion(version.Version, [.. accepted.OfType<string>().Distinct()]);
    }

    /// <summary>What a message says was built: "1.3.0", or "1.3.0 or 1.3.80".</summary>
    public string Described => string.Join(" or ", Accepted);

    /// <summary>
    /// The first line carrying an accepted version; else the first line carrying any version, else the first line, which
    /// match only when there is nothing to compare. Warnings before it (Qt's QStandardPaths in a container) are passed over.
    /// </summary>
    public VersionLine Find(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var wanted = Accepted.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        if (lines.FirstOrDefault(l => Versions(l).Any(v => wanted.Contains(Normalize(v)))) is { } matching) return new VersionLine(matching, true);
        return new VersionLine(lines.FirstOrDefault(l => Versions(l).Any()) ?? lines.FirstOrDefault(), Accepted.IsEmpty);
    }

    private static IEnumerable<string> Versions(string line) => VersionToken().Matches(line).Select(m => m.Groups["version"].Value);

    private static string? Numeric(string? version) => version is not null && LeadingNumbers().Match(version) is { Success: true } match ? match.Value : null;

    private static string Normalize(string version)
    {
        var parts = version.Split('.').Select(p => p.TrimStart('0') is { Length: > 0 } digits ? digits : "0").ToList();
        while (parts.Count > 1 && parts[^1] == "0") parts.RemoveAt(parts.Count - 1);
        return string.Join('.', parts);
    }

    [GeneratedRegex(@"(?<![\w.])[vV]?(?<version>\d+(?:\.\d+)+)")]
    private static partial Regex VersionToken();

    [GeneratedRegex(@"^\d+(?:\.\d+)*")]
    private static partial Regex LeadingNumbers();
}
