using System.Text.RegularExpressions;

namespace BuildKit.Sbom;

/// <summary>SPDX licence expressions: as a tree declares them, and the one a package's License: tag states for all it ships.</summary>
public static partial class Licences
{
    /// <summary>
    /// The licences a source tree names the REUSE way (reuse.software): one LICENSES/ID.txt per licence its files use,
    /// sorted. The folder does not say how they combine (KDDockWidgets' GPL-2.0-only and GPL-3.0-only are a choice, its
    /// BSD-3-Clause and MIT cover other files), so only a single one is the tree's declared licence.
    /// </summary>
    public static IReadOnlyList<string> Reuse(string tree)
    {
        var folder = Path.Combine(tree, "LICENSES");
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.txt").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(IsExpression).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary><paramref name="own"/> AND <see cref="Bundled"/>: the licence of a package that ships <paramref name="components"/>.</summary>
    public static string Covering(string own, IEnumerable<Component> components) =>
        Bundled(own, components) is { Length: > 0 } bundled ? $"{(own.Contains(" OR ", StringComparison.Ordinal) ? $"({own})" : own)} AND {bundled}" : own;

    /// <summary>
    /// Every distinct declared licence of the shipped <paramref name="components"/> but <paramref name="own"/>, ANDed, each
    /// compound one in parentheses, in a stable order; licences that are no SPDX expression (a package.json's "SEE LICENSE
    /// IN ...") and NOASSERTION add nothing. Empty when nothing is left.
    /// </summary>
    public static string Bundled(string own, IEnumerable<Component> components) => string.Join(" AND ", components
        .Where(c => !c.BuildOnly).Select(c => c.Licence.Trim())
        .Where(l => l != Component.NoAssertion && IsExpression(l))
        .Select(l => l.Contains(' ') && !(l.StartsWith('(') && l.EndsWith(')')) ? $"({l})" : l)
        .Where(l => l != own && l != $"({own})")
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>Whether <paramref name="text"/> reads as an SPDX licence expression: ids, LicenseRef-s, AND, OR, WITH and parentheses.</summary>
    public static bool IsExpression(string text) => Expression().IsMatch(text);

    [GeneratedRegex(@"^\(?\s*[A-Za-z0-9][A-Za-z0-9.+-]*(\s+(AND|OR|WITH|and|or)\s+\(*\s*[A-Za-z0-9][A-Za-z0-9.+-]*\s*\)*)*\s*\)?$")]
    private static partial Regex Expression();
}
