using System.Text.RegularExpressions;

namespace BuildKit.Sbom;

/// <summary>
/// The Go modules a build linked: what `go version -m` reads from the binaries (Go 1.13 on records them), else, for a tree
/// built before module information (GOPATH, dep), what its vendor/modules.txt or go.mod requires. go.sum's h1: hashes are a
/// hash of the module's file tree, no SPDX checksum algorithm: they go into the component's comment.
/// </summary>
public static partial class GoModules
{
    /// <summary>
    /// The modules of <paramref name="buildInfo"/> (`go version -m` of the built binaries), with the hashes of the tree's
    /// go.sum where the binary records none (a -mod=vendor build); null when no binary carries module information.
    /// </summary>
    public static IReadOnlyList<Component>? FromBuildInfo(string buildInfo, string tree)
    {
        var sums = Sums(Path.Combine(tree, "go.sum"));
        var lines = buildInfo.Split('\n').Select(line => line.TrimEnd('\r').Split('\t', StringSplitOptions.TrimEntries)).ToList();
        if (!lines.Any(fields => fields is [_, "mod", ..])) return null;
        var modules = new List<Component>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is not [_, "dep", var path, var version, ..] dep) continue;
            var sum = dep.Length > 4 ? dep[4] : "";
            // A replaced module is linked as its replacement; one replaced by a local folder has no version of its own.
            if (i + 1 < lines.Count && lines[i + 1] is [_, "=>", var replacement, var replacementVersion, ..] replaced)
            {
                if (replacementVersion.Length > 0 && !replacementVersion.StartsWith('(')) (path, version, sum) = (replacement, replacementVersion, replaced.Length > 4 ? replaced[4] : "");
                else sum = $"replaced by the local folder {replacement}";
            }
            modules.Add(Module(path, version, sum.Length > 0 ? sum : sums.GetValueOrDefault($"{path} {version}", "")));
        }
        return Distinct(modules);
    }

    /// <summary>The modules a tree without module information in its binaries declares: vendor/modules.txt, else go.mod's requires; go.sum gives their hashes.</summary>
    public static IReadOnlyList<Component> FromTree(string tree)
    {
        var sums = Sums(Path.Combine(tree, "go.sum"));
        var vendored = Path.Combine(tree, "vendor", "modules.txt");
        IEnumerable<(string Path, string Version)> declared = File.Exists(vendored)
            ? File.ReadLines(vendored).Select(line => VendoredModule().Match(line)).Where(m => m.Success)
                .Select(m => m.Groups["replacement"].Success && m.Groups["rversion"].Success
                    ? (m.Groups["replacement"].Value, m.Groups["rversion"].Value)
                    : (m.Groups["path"].Value, m.Groups["version"].Value))
            : File.Exists(Path.Combine(tree, "go.mod"))
                ? Requires(File.ReadAllText(Path.Combine(tree, "go.mod")))
                : [];
        return Distinct(declared.Select(module => Module(module.Path, module.Version, sums.GetValueOrDefault($"{module.Path} {module.Version}", ""))));
    }

    private static IEnumerable<(string Path, string Version)> Requires(string goMod)
    {
        var inBlock = false;
        foreach (var raw in goMod.Split('\n'))
        {
            var line = raw.Split("//", 2)[0].Trim();
            if (line.StartsWith("require (", StringComparison.Ordinal) || line == "require(") { inBlock = true; continue; }
            if (inBlock && line == ")") { inBlock = false; continue; }
            var fields = (inBlock ? line : line.StartsWith("require ", StringComparison.Ordinal) ? line["require ".Length..] : "")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2) yield return (fields[0], fields[1]);
        }
    }

    /// <summary>"MODULE VERSION" to its h1: hash, from go.sum (the module's own lines, not its go.mod's).</summary>
    private static Dictionary<string, string> Sums(string goSum) => !File.Exists(goSum)
        ? []
        : File.ReadLines(goSum).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 3 && !fields[1].EndsWith("/go.mod", StringComparison.Ordinal))
            .GroupBy(fields => $"{fields[0]} {fields[1]}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[2], StringComparer.Ordinal);

    private static Component Module(string path, string version, string sum) => new(Ecosystem.Go, path, version, Purls.Golang(path, version))
    {
        Comment = sum.Length == 0 ? null : sum.StartsWith("h1:", StringComparison.Ordinal) ? $"go.sum {sum}" : sum,
    };

    private static IReadOnlyList<Component> Distinct(IEnumerable<Component> modules) =>
        Component.Ordered(modules.GroupBy(m => (m.Name, m.Version)).Select(g => g.First()));

    [GeneratedRegex(@"^# (?<path>\S+) (?<version>\S+)(?: => (?<replacement>\S+)(?: (?<rversion>v\S+))?)?\s*$")]
    private static partial Regex VendoredModule();
}
