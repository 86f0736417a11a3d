using System.Text;
using System.Text.RegularExpressions;
using BuildKit.Versioning;

namespace BuildKit.Stages.Publish;

/// <summary>One build held by a rolling release: its exact EVR, the asset names it owns, and its notes.</summary>
public sealed record RollingBuild(Evr Evr, IReadOnlyList<string> Assets, string Notes);

/// <summary>
/// A rolling release's notes list its builds newest first, each under a marker line naming its exact EVR (asset names
/// lose '~' and '^') and the assets it owns; the next publish reads them back to gate, keep and prune.
/// </summary>
public static partial class RollingBuilds
{
    public static IReadOnlyList<RollingBuild> Parse(string? body)
    {
        if (body is null) return [];
        var markers = Marker().Matches(body);
        return [.. markers.Select((m, i) => new RollingBuild(
            Evr.Parse(m.Groups["evr"].Value),
            m.Groups["assets"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            body[(m.Index + m.Length)..(i + 1 < markers.Count ? markers[i + 1].Index : body.Length)].Trim()))];
    }

    public static string Render(string product, IEnumerable<RollingBuild> builds)
    {
        var text = new StringBuilder($"The newest {product} builds from BuildKit, newest first. Each build's assets are listed with it.\n\n");
        foreach (var build in builds)
        {
            text.Append("<!-- buildkit-build ").Append(build.Evr).Append(" | ").Append(string.Join(' ', build.Assets)).Append(" -->\n");
            text.Append(build.Notes.Trim()).Append("\n\n");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"<!-- buildkit-build (?<evr>\S+) \| (?<assets>[^>]*?) -->")]
    private static partial Regex Marker();
}
