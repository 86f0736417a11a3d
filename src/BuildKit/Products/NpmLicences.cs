using System.Text.Json;
using BuildKit.Processes;

namespace BuildKit.Products;

/// <summary>
/// The licences of the installed npm packages, as each one's package.json declares them, kept in the tree as
/// <see cref="File"/> by the step that installed them. node_modules does not outlive the build (the next one starts from a
/// clean tree, and a reused frontend step restores its outputs only), so the step writes the list beside its outputs: a
/// build that reuses the step reads the same licences as the build that ran it, and its SBOM is the same.
/// </summary>
public static class NpmLicences
{
    /// <summary>The folder, relative to the tree, a recipe declares among the outputs of the step that installs its npm packages.</summary>
    public const string Folder = ".buildkit-sbom";

    public const string File = Folder + "/npm-licences.json";

    /// <summary>What a recipe runs in the tree right after its package manager installed node_modules (on any Node a Grafana tree asks for, 8 on).</summary>
    public static string Command => "node -e " + Shell.Quote($$"""
        const fs = require("fs"), path = require("path"), found = {};
        function walk(folder) {
          let entries = [];
          try { entries = fs.readdirSync(folder); } catch (e) { return; }
          for (const entry of entries) {
            if (entry.startsWith(".")) continue;
            const dir = path.join(folder, entry);
            if (entry.startsWith("@")) { walk(dir); continue; }
            try {
              const p = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
              const licence = typeof p.license === "string" ? p.license : p.license && typeof p.license.type === "string" ? p.license.type : null;
              if (p.name && p.version && licence) found[p.name + "@" + p.version] = licence;
            } catch (e) {}
            walk(path.join(dir, "node_modules"));
          }
        }
        walk("node_modules");
        const sorted = {};
        for (const key of Object.keys(found).sort()) sorted[key] = found[key];
        if (!fs.existsSync("{{Folder}}")) fs.mkdirSync("{{Folder}}");
        fs.writeFileSync("{{File}}", JSON.stringify(sorted, null, 1) + "\n");
        """);

    /// <summary>NAME@VERSION to licence, as the install step wrote them; empty when it wrote none.</summary>
    public static IReadOnlyDictionary<string, string> Read(string tree)
    {
        var file = Path.Combine(tree, File);
        if (!System.IO.File.Exists(file)) return new Dictionary<string, string>();
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(System.IO.File.ReadAllText(file)) ?? [];
        }
        catch (JsonException)
        {
            // A list the step left half-written names no licence: its packages stay NOASSERTION.
            return new Dictionary<string, string>();
        }
    }
}
