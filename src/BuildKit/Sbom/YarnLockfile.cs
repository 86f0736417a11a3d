using YamlDotNet.RepresentationModel;

namespace BuildKit.Sbom;

/// <summary>
/// yarn.lock in both of yarn's formats: yarn 1's own ("# yarn lockfile v1", indented KEY "VALUE" lines) and yarn berry's
/// YAML (a __metadata entry, descriptors with a protocol: NAME@npm:RANGE, workspaces as NAME@workspace:FOLDER).
/// </summary>
public static class YarnLockfile
{
    public static IReadOnlyList<LockedPackage> Parse(string text) =>
        text.Contains("\n__metadata:", StringComparison.Ordinal) || text.StartsWith("__metadata:", StringComparison.Ordinal) ? ParseBerry(text) : ParseClassic(text);

    private static IReadOnlyList<LockedPackage> ParseClassic(string text)
    {
        var packages = new List<LockedPackage>();
        List<string>? descriptors = null;
        Dictionary<string, string> fields = [], dependencies = [];
        var section = "";
        void Flush()
        {
            if (descriptors is not null && fields.TryGetValue("version", out var version))
                packages.Add(new LockedPackage(NameOf(descriptors[0]), version, descriptors, dependencies) { Integrity = fields.GetValueOrDefault("integrity") });
            (descriptors, fields, dependencies, section) = (null, [], [], "");
        }
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var indent = line.Length - line.TrimStart().Length;
            var content = line.Trim();
            if (indent == 0)
            {
                Flush();
                descriptors = [.. content.TrimEnd(':').Split(", ").Select(Unquote)];
            }
            else if (indent == 2 && content.EndsWith(':')) section = content.TrimEnd(':');
            else if (indent == 2 && KeyValue(content) is var (key, value)) { fields[key] = value; section = ""; }
            else if (indent == 4 && section is "dependencies" or "optionalDependencies" && KeyValue(content) is var (name, range)) dependencies[name] = range;
        }
        Flush();
        return packages;
    }

    private static IReadOnlyList<LockedPackage> ParseBerry(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var packages = new List<LockedPackage>();
        foreach (var (key, node) in root.Children)
        {
            var descriptorList = ((YamlScalarNode)key).Value!;
            if (descriptorList == "__metadata" || node is not YamlMappingNode entry) continue;
            string? Field(string name) => entry.Children.TryGetValue(new YamlScalarNode(name), out var value) ? (value as YamlScalarNode)?.Value : null;
            var resolution = Field("resolution") ?? descriptorList.Split(", ")[0];
            var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var section in (string[])["dependencies", "optionalDependencies"])
                if (entry.Children.TryGetValue(new YamlScalarNode(section), out var map) && map is YamlMappingNode mapping)
                    foreach (var (name, range) in mapping.Children) dependencies[((YamlScalarNode)name).Value!] = ((YamlScalarNode)range).Value!;
            var protocol = resolution[(NameOf(resolution).Length + 1)..];
            packages.Add(new LockedPackage(NameOf(resolution), Field("version") ?? "", descriptorList.Split(", "), dependencies,
                protocol.StartsWith("workspace:", StringComparison.Ordinal) ? protocol["workspace:".Length..] : null)
            {
                CacheChecksum = Field("checksum"),
            });
        }
        return packages;
    }

    /// <summary>NAME of NAME@RANGE, a scope's leading @ kept.</summary>
    public static string NameOf(string descriptor)
    {
        var at = descriptor.IndexOf('@', 1);
        return at < 0 ? descriptor : descriptor[..at];
    }

    private static (string Key, string Value)? KeyValue(string content)
    {
        var space = content.StartsWith('"') ? content.IndexOf('"', 1) + 1 : content.IndexOf(' ');
        return space <= 0 || space >= content.Length ? null : (Unquote(content[..space]), Unquote(content[(space + 1)..].Trim()));
    }

    private static string Unquote(string text) => text.Trim().Trim('"');
}
