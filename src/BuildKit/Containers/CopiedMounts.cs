using System.Globalization;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>
/// A container's folders on an engine that does not see the caller's files: what a bind mount would show, kept by copies.
/// Before a step, each folder that changed on this machine since it was last copied goes in whole; after it, each
/// writable folder the step changed comes back whole, so that the caller's folders end as a bind mount would have left
/// them (deleted files included). A folder's state on either side is a digest of its listing (path, size, time, kind),
/// so that a step that changes nothing costs one listing and no copy.
/// </summary>
internal sealed class CopiedMounts(ContainerEngine engine, IProcessRunner runner, HostUser user, string container, LogStep owner, IReadOnlyList<ContainerMount> mounts)
{
    /// <summary>Each target's listing digest on this machine, then in the container, as of its last copy either way.</summary>
    private readonly Dictionary<string, (string Host, string Inside)> _copied = [];

    public async Task CopyInAsync(CancellationToken cancellationToken)
    {
        var here = mounts.ToDictionary(m => m.Target, m => HostDigest(m.Source));
        var stale = mounts.Where(m => !_copied.TryGetValue(m.Target, out var copied) || copied.Host != here[m.Target]).ToList();
        if (stale.Count == 0) return;
        const string prepare = """for t; do rm -rf "$t"; case "$t" in */) mkdir -p "$t";; *) mkdir -p "$(dirname "$t")";; esac; done""";
        await runner.RunAsync(engine.Command(owner, ["exec", "--user", "0:0", container, "sh", "-c", prepare, "sh", .. stale.Select(m => IsFolder(m) ? m.Target + "/" : m.Target)]),
            cancellationToken);
        foreach (var mount in stale.Where(m => Directory.Exists(m.Source) || File.Exists(m.Source)))
            await runner.RunAsync(engine.Command(owner, "cp", IsFolder(mount) ? mount.Source + "/." : mount.Source, $"{container}:{mount.Target}"), cancellationToken);
        // cp makes the copies root's (its --archive cannot name a numeric user on every engine); a step runs as the caller,
        // so what it sees must be the caller's, as the bind mount's source is.
        var inside = await InsideDigestsAsync(stale, cancellationToken, chownTo: user);
        foreach (var mount in stale) _copied[mount.Target] = (here[mount.Target], inside[mount.Target]);
    }

    public async Task CopyOutAsync(CancellationToken cancellationToken)
    {
        var writable = mounts.Where(m => !m.ReadOnly && IsFolder(m)).ToList();
        var inside = await InsideDigestsAsync(writable, cancellationToken);
        foreach (var mount in writable.Where(m => !_copied.TryGetValue(m.Target, out var copied) || copied.Inside != inside[m.Target]))
        {
            Empty(mount.Source);
            await runner.RunAsync(engine.Command(owner, "cp", $"{container}:{mount.Target}/.", mount.Source), cancellationToken);
            _copied[mount.Target] = (HostDigest(mount.Source), inside[mount.Target]);
        }
    }

    private static bool IsFolder(ContainerMount mount) => !File.Exists(mount.Source);

    /// <summary>One listing digest per target, from one exec: the same listing a step's changes would alter.</summary>
    private async Task<Dictionary<string, string>> InsideDigestsAsync(IReadOnlyList<ContainerMount> of, CancellationToken cancellationToken, HostUser? chownTo = null)
    {
        if (of.Count == 0) return [];
        const string list = """for t; do if [ -e "$t" ]; then [ -z "$OWNER" ] || chown -R "$OWNER" "$t"; find "$t" -printf '%P\t%s\t%T@\t%y\t%m\t%U\n' | LC_ALL=C sort | sha256sum | cut -c1-64; else echo none; fi; done""";
        string[] chown = chownTo is { } u ? ["--env", $"OWNER={u.Uid}:{u.Gid}"] : [];
        var result = await runner.RunAsync(engine.Command(owner, ["exec", "--user", "0:0", .. chown, container, "sh", "-c", list, "sh", .. of.Select(m => m.Target)])
            with { Quiet = true }, cancellationToken);
        var digests = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return digests.Length == of.Count
            ? of.Select((m, i) => (m.Target, digests[i])).ToDictionary(p => p.Target, p => p.Item2)
            : throw new ContainerException($"Listing the folders of container {container} gave {digests.Length} answers for {of.Count} folders: {result.StandardOutput.Trim()}");
    }

    /// <summary>The listing digest of a folder (or file) on this machine; symbolic links are listed, not followed.</summary>
    internal static string HostDigest(string path)
    {
        if (File.Exists(path)) return Hashing.FileSha256(path);
        if (!Directory.Exists(path)) return "none";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var entries = new FileSystemEnumerable<string>(path,
            (ref entry) => string.Join('\t', entry.ToSpecifiedFullPath()[(path.Length + 1)..], entry.IsDirectory ? 0 : entry.Length,
                entry.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture), entry.IsDirectory ? "d" : "f"),
            new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
        {
            ShouldRecursePredicate = (ref entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach (var entry in entries.Order(StringComparer.Ordinal)) hash.AppendData(Encoding.UTF8.GetBytes(entry + "\n"));
        return Hashing.Hex(hash);
    }

    /// <summary>Removes what a folder holds, keeping the folder (its owner and mode are the caller's), or makes it.</summary>
    private static void Empty(string folder)
    {
        var directory = Directory.CreateDirectory(folder);
        foreach (var entry in directory.EnumerateFileSystemInfos())
            if (entry is DirectoryInfo { LinkTarget: null } sub) sub.Delete(recursive: true);
            else entry.Delete();
    }
}
