using System.Globalization;

namespace BuildKit.Versioning;

/// <summary>
/// Turns what Fetch resolved into an RPM Version and Release that dnf orders the way a user upgrades:
/// <list type="bullet">
/// <item>release tag v11.3.0 → 11.3.0-1; pre-release v11.3.0-rc.2 → 11.3.0~rc.2-1 (below 11.3.0);</item>
/// <item>anything else is a snapshot ordered by commit time: after the nearest tag T it descends from,
/// T^YYYYMMDD.HHMMSS.gitSHA (above T, below T's successor); when the tree states an upcoming version V that is
/// higher, V~~YYYYMMDD.HHMMSS.gitSHA (below V and all of V's pre-releases); with neither, 0^YYYYMMDD.HHMMSS.gitSHA.</item>
/// </list>
/// With the tree as the source (a fork whose tags are its own), the tags are not read: a stated release V gives
/// V^YYYYMMDD.HHMMSS.gitSHA (a build of V's code, above V), a stated pre-release of V gives V~~YYYYMMDD.HHMMSS.gitSHA.
/// A fixed version is taken as it is, as a release tag would be. A working copy with changes on disk is never a release: its
/// stamp ends .dirtyTREE, so that it sorts above the clean snapshot of the same commit.
/// </summary>
public static class VersionPolicy
{
    /// <summary>The upstream part of a snapshot whose tree has no version tag or version file.</summary>
    public const string Unversioned = "0";

    public static PackageVersion Compute(SourceFacts facts, int release = 1, int? epoch = null, VersionSource? source = null)
    {
        if (source is { Kind: VersionSourceKind.Fixed, Value: var value } && UpstreamVersion.TryParse(value) is { } fixedVersion)
            return new PackageVersion(epoch, fixedVersion.RpmVersion, release, fixedVersion.IsPreRelease ? VersionKind.PreRelease : VersionKind.Release,
                $"version {value} is fixed by version-from");
        if (source is { Kind: VersionSourceKind.Tree, Value: var file })
            return FromTree(facts, release, epoch, file);

        var tagged = facts.TagsAtCommit
            .Where(_ => facts.Dirty is null)
            .Select(tag => (Tag: tag, Version: UpstreamVersion.TryParse(tag)))
            .Where(t => t.Version is not null)
            .OrderByDescending(t => t.Version!.RpmVersion, RpmVersionComparer.Instance)
            .FirstOrDefault();
        if (tagged.Version is { } exact)
        {
            return new PackageVersion(epoch, exact.RpmVersion, release,
                exact.IsPreRelease ? VersionKind.PreRelease : VersionKind.Release,
                $"commit {facts.ShortCommit} is tagged {tagged.Tag}");
        }

        var stamp = Stamp(facts);
        var candidates = new List<(string Version, string Reason)>();
        if (facts.NearestTag is { } nearest && UpstreamVersion.TryParse(nearest) is { } after)
            candidates.Add(($"{after.RpmVersion}^{stamp}", $"{facts.Distance} commit(s) after tag {nearest}"));
        if (facts.UpstreamVersion is { } stated && UpstreamVersion.TryParse(stated) is { } upcoming)
            candidates.Add(($"{upcoming.Core}~~{stamp}", $"the tree states version {stated}, not yet released"));
        if (candidates.Count == 0)
            candidates.Add(($"{Unversioned}^{stamp}", "no version tag or version file"));

        var chosen = candidates.OrderByDescending(c => c.Version, RpmVersionComparer.Instance).First();
        return new PackageVersion(epoch, chosen.Version, release, VersionKind.Snapshot,
            $"snapshot of {facts.RequestedRef}: {chosen.Reason}");
    }

    private static PackageVersion FromTree(SourceFacts facts, int release, int? epoch, string file)
    {
        var stated = facts.UpstreamVersion is { } text ? UpstreamVersion.TryParse(text) : null;
        if (stated is null)
            throw new BuildKitException(
                $"version-from: {file}, but the tree at {facts.ShortCommit} states no version there{(facts.UpstreamVersion is { } bad ? $" ('{bad}' is not a version)" : "")}. " +
                "Use version-from: tag, or a fixed version such as version-from: 6.5.0.", BuildKitException.BadInput);
        var stamp = Stamp(facts);
        return stated.IsPreRelease
            ? new PackageVersion(epoch, $"{stated.Core}~~{stamp}", release, VersionKind.Snapshot, $"{file} states {stated}, not yet released; the tags are not read (version-from)")
            : new PackageVersion(epoch, $"{stated.RpmVersion}^{stamp}", release, VersionKind.Snapshot, $"a build of {file}'s version {stated}; the tags are not read (version-from)");
    }

    /// <summary>The snapshot suffix: commit time (the ordering key) to the second, then the commit (and the changes on disk) for humans.</summary>
    public static string Stamp(SourceFacts facts) =>
        facts.CommitTime.UtcDateTime.ToString("yyyyMMdd'.'HHmmss", CultureInfo.InvariantCulture) + ".git" + facts.ShortCommit +
        (facts.Dirty is { } tree ? ".dirty" + tree : "");
}
