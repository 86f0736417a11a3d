using System.Text;
using System.Text.RegularExpressions;
using BuildKit.GitHub;
using BuildKit.Versioning;

namespace BuildKit.Stages.Publish;

/// <summary>
/// One build a release holds: the distribution and architecture it was built for, its exact EVR, the asset names it owns,
/// and its notes. Whatever compares, keeps or prunes builds does so among builds of the same distribution and architecture.
/// </summary>
public sealed record ReleaseBuild(string Distribution, string Arch, Evr Evr, IReadOnlyList<string> Assets, string Notes)
{
    public string Target => $"{Distribution} {Arch}";

    public bool SameTarget(ReleaseBuild other) => Distribution == other.Distribution && Arch == other.Arch;

    public bool SameBuild(ReleaseBuild other) => SameTarget(other) && Evr.CompareTo(other.Evr) == 0;
}

/// <summary>A build to publish: the release's view of it, and where each of its files is on this machine.</summary>
public sealed record LocalBuild(string Distribution, string Arch, Evr Evr, IReadOnlyList<string> Files, string Notes)
{
    public ReleaseBuild Released => new(Distribution, Arch, Evr, [.. Files.Select(f => AssetNames.Map(Path.GetFileName(f)))], Notes);
}

/// <summary>
/// A release's notes list its builds newest first, each under a marker line naming its distribution, architecture, exact
/// EVR (asset names lose '~' and '^') and the assets it owns; the next publish reads them back to gate, keep and prune.
/// </summary>
public static partial class ReleaseBuilds
{
    public static IReadOnlyList<ReleaseBuild> Parse(string? body)
    {
        if (body is null) return [];
        var markers = Marker().Matches(body);
        return [.. markers.Select((m, i) => new ReleaseBuild(
            m.Groups["distribution"].Value,
            m.Groups["arch"].Value,
            Evr.Parse(m.Groups["evr"].Value),
            m.Groups["assets"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            body[(m.Index + m.Length)..(i + 1 < markers.Count ? markers[i + 1].Index : body.Length)].Trim()))];
    }

    /// <summary>Newest first; builds of one EVR by distribution and architecture, so that the same builds always read the same.</summary>
    public static IReadOnlyList<ReleaseBuild> Ordered(IEnumerable<ReleaseBuild> builds) =>
        [.. builds.OrderByDescending(b => b.Evr, RpmVersionComparer.Instance).ThenBy(b => b.Distribution, StringComparer.Ordinal).ThenBy(b => b.Arch, StringComparer.Ordinal)];

    /// <summary>
    /// The builds a release holds once <paramref name="incoming"/> are published: these, the others it held, and with
    /// <paramref name="keep"/> only the newest that many of each distribution and architecture.
    /// </summary>
    public static IReadOnlyList<ReleaseBuild> Kept(IReadOnlyList<ReleaseBuild> incoming, IReadOnlyList<ReleaseBuild> existing, int? keep)
    {
        var all = incoming.Concat(existing.Where(e => !incoming.Any(e.SameBuild)));
        if (keep is { } newest)
            all = all.GroupBy(b => b.Target).SelectMany(g => g.OrderByDescending(b => b.Evr, RpmVersionComparer.Instance).Take(newest));
        return Ordered(all);
    }

    /// <summary>Builds of one distribution and EVR share their SRPM (and noarch packages); builds of two distributions never may.</summary>
    public static void CheckNames(IReadOnlyList<ReleaseBuild> kept, string tag)
    {
        if (kept.SelectMany(b => b.Assets.Select(name => (Name: name, b.Distribution))).Distinct().GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new PublishException(
                $"{clash.Key} would be published for {string.Join(" and ", clash.Select(a => a.Distribution))} in {tag}, and a release holds one file of a name. " +
                "Build those distributions with dist tags of their own (Fedora's and Enterprise Linux's have them), or publish them to releases of their own.");
    }

    /// <summary>What a release's notes say first: which builds it holds, and that SHA256SUMS covers them all.</summary>
    public static string Heading(string product, string title, int? keep, IReadOnlyList<ReleaseBuild> kept) => (keep is { } newest
        ? $"The newest {product} builds from BuildKit, newest first: at most {newest} for each distribution and architecture. "
        : $"{title}, built by BuildKit for {string.Join(", ", kept.Select(b => b.Target).Distinct().Order(StringComparer.Ordinal))}. ") +
        $"Each build's assets are listed with it; {ReleaseNotes.ChecksumsFile} covers every asset.";

    /// <summary>"EVR for DISTRIBUTION ARCH, ...", as messages name builds.</summary>
    public static string Describe(IEnumerable<ReleaseBuild> builds) => string.Join(", ", builds.Select(b => $"{b.Evr} for {b.Target}"));

    public static string Render(string heading, IEnumerable<ReleaseBuild> builds)
    {
        var text = new StringBuilder(heading).Append("\n\n");
        foreach (var build in Ordered(builds))
        {
            text.Append("<!-- buildkit-build ").Append(build.Distribution).Append(' ').Append(build.Arch).Append(' ').Append(build.Evr)
                .Append(" | ").Append(string.Join(' ', build.Assets)).Append(" -->\n");
            text.Append(build.Notes.Trim()).Append("\n\n");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"<!-- buildkit-build (?<distribution>\S+) (?<arch>\S+) (?<evr>\S+) \| (?<assets>[^>]*?) -->")]
    private static partial Regex Marker();
}
