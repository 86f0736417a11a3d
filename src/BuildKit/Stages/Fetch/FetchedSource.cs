using System.Collections.Immutable;
using BuildKit.Products;
using BuildKit.Versioning;

namespace BuildKit.Stages.Fetch;

/// <summary>
/// What the Fetch stage produced for one product: the exact commit, a clean tree of it, and the facts versioning needs.
/// <see cref="Files"/> lists the tree as fetched, before any build wrote into it: what Source0 holds.
/// </summary>
public sealed record FetchedSource(
    string Product,
    string Repo,
    ResolvedRef Ref,
    string Worktree,
    ImmutableArray<SubmoduleSource> Submodules,
    PatchSet Patches,
    SourceFacts Facts,
    ImmutableArray<string> Files)
{
    /// <summary>The bundled dependencies the recipe asked for on this distribution, each a clean tree of its pinned source.</summary>
    public ImmutableArray<BundledSource> Bundled { get; init; } = [];

    /// <summary>Every path below the tree except git's own files, sorted so that the archive does not depend on the file system.</summary>
    public static ImmutableArray<string> ListFiles(string tree)
    {
        var found = new List<string>();
        void Walk(string directory)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                if (Path.GetFileName(path) == ".git") continue;
                found.Add(Path.GetRelativePath(tree, path));
                if (Directory.Exists(path) && new FileInfo(path).LinkTarget is null) Walk(path);
            }
        }
        Walk(tree);
        return [.. found.Order(StringComparer.Ordinal)];
    }
}

/// <summary>A bundled dependency as fetched: the commit its ref resolved to, its clean tree and its submodules.</summary>
public sealed record BundledSource(BundledDependency Dependency, string Commit, string Worktree, ImmutableArray<SubmoduleSource> Submodules)
{
    public string Name => Dependency.Name;
}

/// <summary>The last build of the product for this repository and distribution: its commit, and where its changelog counted from.</summary>
public sealed record PreviousBuild(string Commit, string? ChangesSince);
