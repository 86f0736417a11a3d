using System.Text.RegularExpressions;

namespace BuildKit.Sbom;

/// <summary>SPDX licence expressions: as a tree declares them, and the one a package's License: tag states for all it ships.</summary>
public static partial class Licences
{
    /// <summary>
    /// What a source tree declares the REUSE way (reuse.software): one LICENSES/ID.txt per licence it uses. Its files are
    /// under one or another of them, so the tree as a whole is under all of them; NOASSERTION when it declares none.
    /// </summary>
    public static string Declared(string tree)
    {
        var folder = Path.Combine(tree, "LICENSES");
        var ids = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.txt").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(IsExpression).Order(StringComparer.Ordinal).ToList()
            : [];
        return ids.Count == 0 ? Component.NoAssertion : string.Join(" AND ", ids);
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
