using System.Text.Json;

namespace BuildKit.Sbom;

/// <summary>
/// npm's package-lock.json (or npm-shrinkwrap.json): lockfile versions 2 and 3 list every installed folder under "packages"
/// with its version, integrity, licence and whether only development needs it ("dev": true); version 1 nests
/// "dependencies" with the same "dev" flag.
/// </summary>
public static class PackageLock
{
    private const string NodeModules = "node_modules/";

    public static IReadOnlyList<LockedPackage> Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return root.TryGetProperty("packages", out var packages) ? FromPackages(packages) : FromDependencies(root);
    }

    private static IReadOnlyList<LockedPackage> FromPackages(JsonElement packages)
    {
        var found = new List<LockedPackage>();
        foreach (var entry in packages.EnumerateObject())
        {
            var at = entry.Name.LastIndexOf(NodeModules, StringComparison.Ordinal);
            // The tree's own folders ("" and workspaces) and the links to them are the product, not components of it.
            if (at < 0 || entry.Value.TryGetProperty("link", out var link) && link.GetBoolean()) continue;
            var name = entry.Value.TryGetProperty("name", out var given) ? given.GetString()! : entry.Name[(at + NodeModules.Length)..];
            found.Add(Package(name, entry.Value, [entry.Name]));
        }
        return found;
    }

    private static IReadOnlyList<LockedPackage> FromDependencies(JsonElement parent)
    {
        var found = new List<LockedPackage>();
        if (!parent.TryGetProperty("dependencies", out var dependencies)) return found;
        foreach (var entry in dependencies.EnumerateObject())
        {
            found.Add(Package(entry.Name, entry.Value, [entry.Name]));
            found.AddRange(FromDependencies(entry.Value));
        }
        return found;
    }

    private static LockedPackage Package(string name, JsonElement entry, IReadOnlyList<string> descriptors)
    {
        string? Text(string property) => entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var requires = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in (string[])["dependencies", "optionalDependencies", "requires"])
            if (entry.TryGetProperty(section, out var map) && map.ValueKind == JsonValueKind.Object)
                foreach (var dependency in map.EnumerateObject().Where(d => d.Value.ValueKind == JsonValueKind.String))
                    requires[dependency.Name] = dependency.Value.GetString()!;
        return new LockedPackage(name, Text("version") ?? "", descriptors, requires)
        {
            Integrity = Text("integrity"),
            Licence = Text("license"),
            Dev = entry.TryGetProperty("dev", out var dev) && dev.GetBoolean(),
        };
    }
}
