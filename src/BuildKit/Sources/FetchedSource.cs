using System.Collections.Immutable;
using BuildKit.Versioning;

namespace BuildKit.Sources;

/// <summary>What the Fetch stage produced for one product: the exact commit, a clean tree of it, and the facts versioning needs.</summary>
public sealed record FetchedSource(
    string Product,
    string Repo,
    ResolvedRef Ref,
    string Worktree,
    ImmutableArray<SubmoduleSource> Submodules,
    PatchSet Patches,
    SourceFacts Facts);
