using System.Collections.Immutable;
using BuildKit.Versioning;

namespace BuildKit.Sources;

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
    ImmutableArray<string> Files);
