using System.Text;
using System.Text.Json;

namespace BuildKit.Sbom;

/// <summary>
/// What an SPDX document of a package says, for a person: how many components of each ecosystem it ships and how many only
/// built it, the licences they declare with their counts, and the components that declare none.
/// </summary>
public static class SbomSummary
{
    /// <summary>How many components without a licence the summary names: a real frontend has hundreds, and the SBOM lists them all.</summary>
    private const int NamesShown = 20;

    public static string Of(string spdxJson)
    {
        using var document = JsonDocument.Parse(spdxJson);
        var root = document.RootElement;
        var buildOnly = root.GetProperty("relationships").EnumerateArray()
            .Where(r => r.GetProperty("relationshipType").GetString() == "DEV_DEPENDENCY_OF")
            .Select(r => r.GetProperty("spdxElementId").GetString()).ToHashSet(StringComparer.Ordinal);
        var components = root.GetProperty("packages").EnumerateArray()
            .Where(p => p.GetProperty("SPDXID").GetString() is not (SpdxDocument.PackageId or SpdxDocument.UpstreamId))
            .Select(p => (Id: p.GetProperty("SPDXID").GetString()!, Name: $"{p.GetProperty("name").GetString()} {p.GetProperty("versionInfo").GetString()}",
                Ecosystem: Kind(p), Licence: p.GetProperty("licenseDeclared").GetString()!))
            .ToList();
        var text = new StringBuilder();
        foreach (var ecosystem in components.GroupBy(c => c.Ecosystem).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.Append($"{ecosystem.Key}: {ecosystem.Count(c => !buildOnly.Contains(c.Id))} shipped, {ecosystem.Count(c => buildOnly.Contains(c.Id))} build-only\n");
        if (components.Count == 0) text.Append("no components besides the product itself\n");
        var shipped = components.Where(c => !buildOnly.Contains(c.Id)).ToList();
        var licences = shipped.Where(c => c.Licence != Component.NoAssertion).GroupBy(c => c.Licence)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ({g.Count()})").ToList();
        if (licences.Count > 0) text.Append($"licences: {string.Join(", ", licences)}\n");
        var unknown = shipped.Where(c => c.Licence == Component.NoAssertion).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            text.Append($"no licence declared ({unknown.Count}): {string.Join(", ", unknown.Take(NamesShown))}{(unknown.Count > NamesShown ? $", and {unknown.Count - NamesShown} more" : "")}\n");
        return text.ToString();
    }

    /// <summary>The purl type of a package's reference (golang, npm, github, generic), the ecosystem a person knows it by.</summary>
    private static string Kind(JsonElement package) =>
        package.TryGetProperty("externalRefs", out var refs) && refs.EnumerateArray().Select(r => r.GetProperty("referenceLocator").GetString()).FirstOrDefault() is { } purl
            ? purl["pkg:".Length..].Split('/')[0]
            : "other";
}
