using System.Collections.Immutable;
using System.Text.Json;
using BuildKit.Products;

namespace BuildKit.Sbom;

/// <summary>
/// The npm packages of a tree, from the lockfile its build installed from (package-lock.json, npm-shrinkwrap.json or
/// yarn.lock), each marked as shipped (reached from package.json's dependencies, through the lockfile's own dependency
/// graph and the tree's workspaces) or build-only (what only devDependencies reach). Licences come from the lockfile where
/// it records them, else from the installed packages' package.json files (<see cref="NpmLicences"/>).
/// </summary>
public static class NpmComponents
{
    public static IReadOnlyList<Component> Read(string tree)
    {
        var lockfile = ((string[])["package-lock.json", "npm-shrinkwrap.json", "yarn.lock"]).Select(name => Path.Combine(tree, name)).FirstOrDefault(File.Exists);
        if (lockfile is null) return [];
        var text = File.ReadAllText(lockfile);
        var packages = Path.GetFileName(lockfile) == "yarn.lock" ? YarnLockfile.Parse(text) : PackageLock.Parse(text);
        var production = packages.Any(p => p.Dev is not null) ? [.. packages.Where(p => p.Dev == false)] : Reached(tree, packages);
        var installed = NpmLicences.Read(tree);
        return Component.Ordered(packages
            .Where(p => p.Workspace is null && p.Version.Length > 0)
            .GroupBy(p => (p.Name, p.Version))
            .Select(g => ToComponent(g.First(), installed, buildOnly: !g.Any(production.Contains))));
    }

    /// <summary>The packages the tree's production dependencies reach, through the lockfile and the workspaces it names.</summary>
    private static HashSet<LockedPackage> Reached(string tree, IReadOnlyList<LockedPackage> packages)
    {
        var byDescriptor = new Dictionary<string, LockedPackage>(StringComparer.Ordinal);
        foreach (var package in packages)
            foreach (var descriptor in package.Descriptors) byDescriptor.TryAdd(descriptor, package);
        var reached = new HashSet<LockedPackage>();
        var queue = new Queue<LockedPackage>();
        void Reach(IReadOnlyDictionary<string, string> dependencies)
        {
            foreach (var (name, range) in dependencies)
                if (LockedPackage.DescriptorsOf(name, range).Select(d => byDescriptor.GetValueOrDefault(d)).FirstOrDefault(p => p is not null) is { } found && reached.Add(found))
                    queue.Enqueue(found);
        }
        Reach(ProductionDependencies(tree));
        while (queue.TryDequeue(out var package))
            Reach(package.Workspace is { } folder ? ProductionDependencies(Path.Combine(tree, folder)) : package.Dependencies);
        return reached;
    }

    /// <summary>dependencies and optionalDependencies of the package.json in <paramref name="folder"/>: what a production install takes.</summary>
    private static IReadOnlyDictionary<string, string> ProductionDependencies(string folder)
    {
        var manifest = Path.Combine(folder, "package.json");
        var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(manifest)) return dependencies;
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        foreach (var section in (string[])["dependencies", "optionalDependencies"])
            if (document.RootElement.TryGetProperty(section, out var map) && map.ValueKind == JsonValueKind.Object)
                foreach (var dependency in map.EnumerateObject().Where(d => d.Value.ValueKind == JsonValueKind.String))
                    dependencies[dependency.Name] = dependency.Value.GetString()!;
        return dependencies;
    }

    private static Component ToComponent(LockedPackage package, IReadOnlyDictionary<string, string> installed, bool buildOnly) =>
        new(Ecosystem.Npm, package.Name, package.Version, Purls.Npm(package.Name, package.Version))
        {
            BuildOnly = buildOnly,
            Licence = package.Licence ?? installed.GetValueOrDefault($"{package.Name}@{package.Version}") ?? Component.NoAssertion,
            Checksums = Checksums(package.Integrity),
            Comment = package.CacheChecksum is { } checksum ? $"yarn cache checksum {checksum} (of yarn's cache archive, not of the npm tarball)" : null,
        };

    /// <summary>Subresource Integrity ("sha512-BASE64 sha1-BASE64") as SPDX checksums in hex.</summary>
    public static ImmutableSortedDictionary<string, string> Checksums(string? integrity)
    {
        var checksums = ImmutableSortedDictionary<string, string>.Empty;
        foreach (var hash in (integrity ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (algorithm, digest) = (hash.Split('-', 2)[0].ToUpperInvariant(), hash.Split('-', 2).ElementAtOrDefault(1));
            if (algorithm is not ("SHA1" or "SHA256" or "SHA384" or "SHA512") || digest is null) continue;
            try
            {
                checksums = checksums.SetItem(algorithm, Convert.ToHexStringLower(Convert.FromBase64String(digest)));
            }
            catch (FormatException)
            {
                // An integrity string that is not base64 is no checksum: the component goes without it.
            }
        }
        return checksums;
    }
}
