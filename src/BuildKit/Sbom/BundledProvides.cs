using System.Text;
using System.Text.RegularExpressions;

namespace BuildKit.Sbom;

/// <summary>
/// The spec's share of the SBOM, a file the spec %includes (so the SRPM carries it): a Provides: bundled() line for each
/// shipped component (golang(MODULE), npm(NAME), or the source's name), with its version where rpm can read one, and the
/// licences they bring, as the macro the spec's License: tag appends.
/// </summary>
public static partial class BundledProvides
{
    public const string LicenceMacro = "buildkit_bundled_licences";

    public static string Render(BuildSbom sbom)
    {
        var text = new StringBuilder("# Written by BuildKit for this build: the code of others the package carries, and their licences.\n");
        if (Licences.Bundled(sbom.Licence, sbom.Components) is { Length: > 0 } licences) text.Append($"%global {LicenceMacro} {licences}\n");
        foreach (var line in sbom.Shipped.Select(c => RpmVersion(c) is { } version ? $"Provides: {c.Provide} = {version}" : $"Provides: {c.Provide}").Distinct(StringComparer.Ordinal))
            text.Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The component's version as rpm orders it: Go's leading v dropped, a pre-release's or pseudo-version's '-' as '~' (it
    /// sorts below the release, as in semver); none for a submodule, whose version is a commit, or one rpm cannot hold.
    /// </summary>
    public static string? RpmVersion(Component component)
    {
        if (component.Ecosystem == Ecosystem.Source && component.Version.Length == 40 && component.Version.All(char.IsAsciiHexDigit)) return null;
        var version = component.Version.StartsWith('v') && component.Version.Length > 1 && char.IsAsciiDigit(component.Version[1]) ? component.Version[1..] : component.Version;
        version = version.Replace('-', '~');
        return RpmVersionText().IsMatch(version) ? version : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+~^]*$")]
    private static partial Regex RpmVersionText();
}
