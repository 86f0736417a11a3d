using System.Text.Json;
using System.Text.RegularExpressions;

namespace BuildKit.Sources;

/// <summary>The version a tree states for itself, where its recipe knows the file: Grafana's package.json, hotspot's CMake project().</summary>
public static partial class StatedVersion
{
    public static string? Read(string recipe, string tree) => recipe switch
    {
        "grafana" => FromPackageJson(Path.Combine(tree, "package.json")),
        "hotspot" => FromCMakeProject(Path.Combine(tree, "CMakeLists.txt")),
        _ => null,
    };

    private static string? FromPackageJson(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String
                ? version.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FromCMakeProject(string path) =>
        File.Exists(path) && ProjectVersion().Match(File.ReadAllText(path)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"project\s*\(\s*\w+[^)]*?\bVERSION\s+([0-9][0-9.]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectVersion();
}
