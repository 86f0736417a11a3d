using System.Collections.Immutable;

namespace BuildKit.Versioning;

/// <summary>What Fetch found out about the commit being built: the inputs of the version policy.</summary>
/// <param name="RequestedRef">What the user asked for (branch, tag or commit).</param>
/// <param name="Commit">The resolved full commit id.</param>
/// <param name="CommitTime">The commit's committer time: the ordering key of snapshot builds.</param>
/// <param name="TagsAtCommit">Every tag that points at the commit.</param>
/// <param name="NearestTag">The closest version tag the commit descends from, if any.</param>
/// <param name="Distance">How many commits lie between <paramref name="NearestTag"/> and the commit.</param>
/// <param name="UpstreamVersion">The version the tree states for itself (Grafana's package.json, hotspot's CMake project).</param>
public sealed record SourceFacts(
    string RequestedRef,
    string Commit,
    DateTimeOffset CommitTime,
    ImmutableArray<string> TagsAtCommit,
    string? NearestTag = null,
    int Distance = 0,
    string? UpstreamVersion = null)
{
    public string ShortCommit => Commit[..Math.Min(7, Commit.Length)];

    /// <summary>
    /// The upstream's commits since the previous build (when the commit descends from it) or the tag before this commit (all
    /// history without either), newest first, as "ID SUBJECT"; merges left out.
    /// </summary>
    public ImmutableArray<string> Changes { get; init; } = [];

    /// <summary>How many such commits there are in all; <see cref="Changes"/> holds the newest of them.</summary>
    public int ChangeCount { get; init; }

    /// <summary>The tag or earlier build's commit <see cref="Changes"/> count from, or null when they count from the start of history.</summary>
    public string? ChangesSince { get; init; }

    /// <summary>
    /// For a working copy with changes on disk, the short id of the tree git makes of them; <see cref="Commit"/> is then
    /// the commit they were made on (HEAD). Null for a commit as it is.
    /// </summary>
    public string? Dirty { get; init; }
}
