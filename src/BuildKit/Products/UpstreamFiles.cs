using System.Text.Json;
using System.Text.RegularExpressions;

namespace BuildKit.Products;

/// <summary>What an upstream's own build files state (its version, its toolchain floors), read the same way by every recipe.</summary>
public static partial class UpstreamFiles
{
    /// <summary>The version of CMakeLists.txt's project(NAME VERSION x.y.z), or null.</summary>
    public static string? CMakeProjectVersion(string tree) => Match(Path.Combine(tree, "CMakeLists.txt"), ProjectVersion());

    /// <summary>cmake_minimum_required(VERSION x.y) of CMakeLists.txt, or null.</summary>
    public static string? CMakeMinimum(string tree) => Match(Path.Combine(tree, "CMakeLists.txt"), MinimumRequired());

    /// <summary>The go directive of go.mod, or null.</summary>
    public static string? GoDirective(string tree) => Match(Path.Combine(tree, "go.mod"), GoLine());

    /// <summary>The Go release go.mod's toolchain line names (Go 1.21 on), without its "go" prefix, or null.</summary>
    public static string? GoToolchainDirective(string tree) => Match(Path.Combine(tree, "go.mod"), ToolchainLine());

    /// <summary>
    /// Where a vendor/ made by Go 1.13 or older (its modules.txt has none of 1.14's "## explicit" lines) disagrees with
    /// go.mod, as Go 1.14 and later check and Go 1.13 never did: the first requirement of go.mod that modules.txt lists at
    /// another version, as "MODULE VERSION (vendor/modules.txt: VERSION)"; null when they agree, or when the vendor/ is
    /// 1.14's or there is none.
    /// </summary>
    public static string? VendorDisagreementBeforeGo114(string tree)
    {
        var goMod = Path.Combine(tree, "go.mod");
        var modules = Path.Combine(tree, "vendor", "modules.txt");
        if (!File.Exists(goMod) || !File.Exists(modules)) return null;
        var vendored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(modules))
        {
            if (line.StartsWith("## explicit", StringComparison.Ordinal)) return null;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["#", var module, var version, ..] && version != "=>") vendored.TryAdd(module, version);
        }
        // Go 1.14 relaxes its check for such a vendor/: a requirement it does not list is no error, another version is.
        return Requirements()
            .Where(requirement => vendored.TryGetValue(requirement.Module, out var version) && version != requirement.Version)
            .Select(requirement => $"{requirement.Module} {requirement.Version} (vendor/modules.txt: {vendored[requirement.Module]})")
            .FirstOrDefault();

        IEnumerable<(string Module, string Version)> Requirements()
        {
            var block = "";
            foreach (var raw in File.ReadLines(goMod))
            {
                var fields = raw.Split("//")[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                switch (fields)
                {
                    case [var verb, "("]: block = verb; break;
                    case [")"]: block = ""; break;
                    case ["require", var module, var version]: yield return (module, version); break;
                    case [var module, var version] when block == "require": yield return (module, version); break;
                }
            }
        }
    }

    /// <summary>The version of package.json, or null when there is none or it is not JSON.</summary>
    public static string? PackageJsonVersion(string tree)
    {
        var path = Path.Combine(tree, "package.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Match(string path, Regex pattern) =>
        File.Exists(path) && pattern.Match(File.ReadAllText(path)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"project\s*\(\s*\w+[^)]*?\bVERSION\s+([0-9][0-9.]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectVersion();

    [GeneratedRegex(@"cmake_minimum_required\s*\(\s*VERSION\s+([0-9.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MinimumRequired();

    [GeneratedRegex(@"(?m)^go\s+([0-9][0-9.]*)")]
    private static partial Regex GoLine();

    [GeneratedRegex(@"(?m)^toolchain\s+go([0-9][0-9.]*)")]
    private static partial Regex ToolchainLine();
}
