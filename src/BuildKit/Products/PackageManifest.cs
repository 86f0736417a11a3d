using System.Collections.Immutable;
using System.Text.Json;

namespace BuildKit.Products;

/// <summary>What a Node tree's package.json (and its yarn files) say about how it is built.</summary>
public sealed record PackageManifest(string? PackageManager, string? EnginesNode, ImmutableHashSet<string> Scripts, string? Webpack, bool YarnrcYml)
{
    /// <summary>yarn 2 and later (berry), which corepack runs at the version packageManager pins; else yarn 1 (classic).</summary>
    public bool UsesYarnBerry => YarnrcYml || (PackageManager?.StartsWith("yarn@", StringComparison.Ordinal) == true && !PackageManager.StartsWith("yarn@1", StringComparison.Ordinal));

    /// <summary>The yarn the build runs: packageManager's pin, else BuildKit's pinned yarn 1.</summary>
    public string Yarn => PackageManager is { } manager && manager.StartsWith("yarn@", StringComparison.Ordinal) ? manager["yarn@".Length..] : NodeToolchain.YarnClassic;

    /// <summary>webpack 4, whose MD4 hashing needs OpenSSL's legacy provider on Node 17 and later.</summary>
    public bool Webpack4 => Webpack?.TrimStart('^', '~', '=', 'v').StartsWith("4.", StringComparison.Ordinal) == true || Webpack is "4" or "^4" or "~4";

    public static PackageManifest? Read(string tree)
    {
        var path = Path.Combine(tree, "package.json");
        if (!File.Exists(path)) return null;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return new PackageManifest(
            Text(root, "packageManager"),
            Text(Member(root, "engines"), "node"),
            Member(root, "scripts") is { ValueKind: JsonValueKind.Object } scripts ? [.. scripts.EnumerateObject().Select(s => s.Name)] : [],
            Text(Member(root, "devDependencies"), "webpack") ?? Text(Member(root, "dependencies"), "webpack"),
            File.Exists(Path.Combine(tree, ".yarnrc.yml")));
    }

    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
