using BuildKit.Products;
using BuildKit.Records;

namespace BuildKit.Sbom;

/// <summary>
/// The C and C++ source built into a product besides its own: its submodules (hotspot's perfparser and PrefixTickLabels),
/// named by their folder, at the commit the superproject records; and the dependencies BuildKit built from their pinned
/// upstream (KDDockWidgets on Debian), at their tag's version. A tree's licence is the one its REUSE LICENSES/ folder names;
/// where it names several, they are in the component's comment and its licence is NOASSERTION (<see cref="Licences.Reuse"/>).
/// </summary>
public static class SourceComponents
{
    /// <param name="tree">The product's tree, which holds its submodules.</param>
    /// <param name="bundledTrees">Each bundled dependency's tree, by name.</param>
    public static IReadOnlyList<Component> Of(BuildRecord record, string tree, IReadOnlyDictionary<string, string> bundledTrees) => Component.Ordered(
    [
        .. record.Submodules.Select(submodule => Source(
            Path.GetFileName(submodule.Path.TrimEnd('/')), submodule.Commit, submodule.Url, submodule.Commit, Path.Combine(tree, submodule.Path))),
        .. record.Bundled.Select(bundled => Source(
            bundled.Name, BundledDependency.VersionOf(bundled.Ref), bundled.Url, bundled.Commit, bundledTrees.GetValueOrDefault(bundled.Name))),
    ]);

    private static Component Source(string name, string version, string url, string commit, string? tree)
    {
        var reuse = tree is null ? [] : Licences.Reuse(tree);
        return new(Ecosystem.Source, name, version, Purls.Source(name, version, url, commit))
        {
            Licence = reuse.Count == 1 ? reuse[0] : Component.NoAssertion,
            Comment = reuse.Count > 1 ? $"LICENSES/ names {string.Join(", ", reuse)}: which files each covers, and which are a choice, the files say" : null,
            DownloadLocation = Purls.VcsUrl(url, commit),
        };
    }
}
