using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Processes;

namespace BuildKit.Stages.Fetch;

/// <summary>A submodule as checked out: where, from which repository, at which commit the superproject records.</summary>
public sealed record SubmoduleSource(string Path, string Url, string Commit);

/// <summary>
/// Gives each build a clean tree of the resolved commit, with every submodule (recursively) at the commit the superproject
/// records, each fetched through the mirror cache. The tree of the last build is updated in place when asked: files whose
/// content is unchanged keep their timestamps, so an incremental build redoes only what the new commit changed. A tree that
/// fails half-way is removed.
/// </summary>
public sealed class WorktreeExporter(MirrorCache mirrors, GitSettings git, IProcessRunner runner)
{
    /// <param name="inPlace">Update the tree already at <paramref name="destination"/> rather than make a fresh one.</param>
    public async Task<ImmutableArray<SubmoduleSource>> ExportAsync(
        string mirror, string url, string commit, string destination, LogStep step, CancellationToken cancellationToken, bool inPlace = false)
    {
        if (inPlace && IsTree(destination))
        {
            try
            {
                await CheckoutAsync(mirror, url, commit, destination, step, cancellationToken, inPlace: true);
                var updated = new List<SubmoduleSource>();
                await SubmodulesAsync(destination, url, "", updated, step, cancellationToken, inPlace: true);
                return [.. updated];
            }
            catch (Exception e) when (e is not SourceFailedException and not OperationCanceledException)
            {
                // A tree left broken by an interrupted run is made afresh below.
                Directory.Delete(destination, recursive: true);
            }
            catch
            {
                Directory.Delete(destination, recursive: true);
                throw;
            }
        }
        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        var partial = destination + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            await CheckoutAsync(mirror, url, commit, partial, step, cancellationToken, inPlace: false);
            var submodules = new List<SubmoduleSource>();
            await SubmodulesAsync(partial, url, "", submodules, step, cancellationToken, inPlace: false);
            Directory.Move(partial, destination);
            return [.. submodules];
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
    }

    private static bool IsTree(string directory) => Directory.Exists(Path.Combine(directory, ".git", "objects"));

    /// <summary>
    /// In place, a tree already at the commit with nothing changed or added (an unchanged re-run) is left as it is, and one
    /// at the commit with files only added (what a build wrote into its own tree) is cleaned of them. Any other gets a
    /// fresh clone's .git (the mirror's objects, hard-linked) with the index of the last checkout, whose file stamps
    /// describe the files on disk: read-tree then rewrites only the files that differ and removes those the commit no
    /// longer has, and clean removes what the last build or patches added.
    /// </summary>
    private async Task CheckoutAsync(string mirror, string url, string commit, string directory, LogStep step, CancellationToken cancellationToken, bool inPlace)
    {
        var state = inPlace ? await StateAsync(directory, commit, step, cancellationToken) : TreeState.Changed;
        if (state == TreeState.FilesAdded) await runner.RunAsync(git.Command(step, directory, "clean", "-ffdxq"), cancellationToken);
        if (state != TreeState.Changed) return;
        await mirrors.FetchFilesAsync(mirror, url, commit, step, cancellationToken);
        if (inPlace)
        {
            var clone = directory + ".git-partial";
            if (Directory.Exists(clone)) Directory.Delete(clone, recursive: true);
            await runner.RunAsync(git.Command(step, null, "clone", "--quiet", "--no-checkout", mirror, clone), cancellationToken);
            var gitDirectory = Path.Combine(directory, ".git");
            if (File.Exists(Path.Combine(gitDirectory, "index"))) File.Move(Path.Combine(gitDirectory, "index"), Path.Combine(clone, ".git", "index"));
            Directory.Delete(gitDirectory, recursive: true);
            Directory.Move(Path.Combine(clone, ".git"), gitDirectory);
            Directory.Delete(clone, recursive: true);
            // A file whose stamp changed but whose content did not is taken as unchanged, so read-tree leaves it alone.
            await runner.RunAsync(git.Command(step, directory, "update-index", "-q", "--refresh") with { AcceptsFailure = true }, cancellationToken);
            await runner.RunAsync(git.Command(step, directory, "read-tree", "--reset", "-u", commit), cancellationToken);
            await runner.RunAsync(git.Command(step, directory, "update-ref", "--no-deref", "HEAD", commit), cancellationToken);
            await runner.RunAsync(git.Command(step, directory, "clean", "-ffdxq"), cancellationToken);
        }
        else
        {
            await runner.RunAsync(git.Command(step, null, "clone", "--quiet", "--no-checkout", mirror, directory), cancellationToken);
            await runner.RunAsync(git.Command(step, directory, "checkout", "--quiet", "--detach", commit), cancellationToken);
        }
        // The tree points back at the upstream, not at this machine's cache; credentials never stay in it.
        await runner.RunAsync(git.Command(step, directory, "remote", "set-url", "origin", RemoteUrl.Display(url)), cancellationToken);
    }

    private enum TreeState { Unchanged, FilesAdded, Changed }

    /// <summary>
    /// One status answers both questions: the commit HEAD is at (its branch.oid line) and what changed or was added (a
    /// line each; "? " and "! " are files git does not track). Submodules are left out of it, as git would start a status
    /// in each: every submodule's tree is checked by itself, and checking out the superproject again never touches a
    /// submodule's files.
    /// </summary>
    private async Task<TreeState> StateAsync(string directory, string commit, LogStep step, CancellationToken cancellationToken)
    {
        var status = await runner.RunAsync(
            git.Command(step, directory, "status", "--porcelain=2", "--branch", "--ignored", "--ignore-submodules=all") with { AcceptsFailure = true }, cancellationToken);
        var lines = status.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (!status.Succeeded || !lines.Contains($"# branch.oid {commit}")) return TreeState.Changed;
        var entries = lines.Where(line => !line.StartsWith("# ", StringComparison.Ordinal)).ToList();
        if (entries.Count == 0) return TreeState.Unchanged;
        return entries.All(line => line.StartsWith("? ", StringComparison.Ordinal) || line.StartsWith("! ", StringComparison.Ordinal))
            ? TreeState.FilesAdded
            : TreeState.Changed;
    }

    private async Task SubmodulesAsync(
        string directory, string parentUrl, string prefix, List<SubmoduleSource> found, LogStep step, CancellationToken cancellationToken, bool inPlace)
    {
        if (!File.Exists(Path.Combine(directory, ".gitmodules"))) return;
        var listing = await runner.RunAsync(
            git.Command(step, directory, "config", "-f", ".gitmodules", "--get-regexp", @"^submodule\..*\.(path|url)$") with { AcceptsFailure = true },
            cancellationToken);
        foreach (var (path, relativeUrl) in ParseGitmodules(listing.StandardOutput))
        {
            var gitlink = await runner.RunAsync(git.Command(step, directory, "ls-tree", "HEAD", "--", path), cancellationToken);
            var fields = gitlink.StandardOutput.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || fields[0] != "160000") continue;
            var commit = fields[2];
            var url = ResolveUrl(parentUrl, relativeUrl);
            // The superproject names the commit, so a mirror that has it needs no fetch: nothing upstream can change what is built.
            var mirror = mirrors.PathFor(url);
            if (!mirrors.IsComplete(url) || !await HasCommitAsync(mirror, commit, step, cancellationToken))
            {
                mirror = await mirrors.UpdateAsync(url, step, cancellationToken, submodule: prefix + path);
                if (!await HasCommitAsync(mirror, commit, step, cancellationToken) && !await mirrors.TryFetchAsync(mirror, commit, step, cancellationToken))
                    throw new SourceFailedException(MissingCommit(prefix + path, url, commit));
            }
            var target = Path.Combine(directory, path);
            var updates = inPlace && IsTree(target);
            if (!updates && Directory.Exists(target)) Directory.Delete(target, recursive: true);
            await CheckoutAsync(mirror, url, commit, target, step, cancellationToken, updates);
            found.Add(new SubmoduleSource(prefix + path, RemoteUrl.Display(url), commit));
            await SubmodulesAsync(target, url, prefix + path + "/", found, step, cancellationToken, inPlace);
        }
    }

    private async Task<bool> HasCommitAsync(string mirror, string commit, LogStep step, CancellationToken cancellationToken) =>
        (await runner.RunAsync(git.Command(step, mirror, "cat-file", "-e", commit + "^{commit}") with { AcceptsFailure = true }, cancellationToken)).Succeeded;

    /// <summary>
    /// Through a mirror it is the mirror that lacks the commit (most often one not updated since upstream pushed it), so the
    /// message names the mirror that was read; without one, the superproject points at a commit never pushed upstream.
    /// </summary>
    private string MissingCommit(string submodule, string url, string commit)
    {
        var read = git.Rewrite(url);
        return read == url
            ? $"The submodule {submodule} records commit {commit[..12]}, which {RemoteUrl.Display(url)} does not have. The superproject points at a commit that was never pushed there."
            : $"The submodule {submodule} records commit {commit[..12]}, which the mirror {RemoteUrl.Display(read)} (read in place of {RemoteUrl.Display(url)}) " +
              $"does not have: the mirror is behind its upstream. Update the mirror from {RemoteUrl.Display(url)}, or run without --{Options.Mirror} " +
              "(and without mirrors: in the products file) to fetch from the upstream itself.";
    }

    private static IEnumerable<(string Path, string Url)> ParseGitmodules(string listing)
    {
        var byName = new SortedDictionary<string, (string? Path, string? Url)>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            if (space < 0) continue;
            var key = line[..space];
            var value = line[(space + 1)..].Trim();
            var isPath = key.EndsWith(".path", StringComparison.Ordinal);
            var name = key["submodule.".Length..^(isPath ? ".path".Length : ".url".Length)];
            var entry = byName.GetValueOrDefault(name);
            byName[name] = isPath ? entry with { Path = value } : entry with { Url = value };
        }
        return byName.Values.Where(e => e.Path is not null && e.Url is not null).Select(e => (e.Path!, e.Url!));
    }

    /// <summary>Resolves a submodule URL the way git does: ./ and ../ are relative to the superproject's own URL.</summary>
    internal static string ResolveUrl(string parentUrl, string url)
    {
        if (!url.StartsWith("./", StringComparison.Ordinal) && !url.StartsWith("../", StringComparison.Ordinal)) return url;
        var baseUrl = parentUrl.TrimEnd('/');
        var rest = url;
        while (true)
        {
            if (rest.StartsWith("./", StringComparison.Ordinal)) rest = rest[2..];
            else if (rest.StartsWith("../", StringComparison.Ordinal))
            {
                rest = rest[3..];
                var cut = baseUrl.LastIndexOfAny(['/', ':']);
                baseUrl = cut > 0 ? baseUrl[..cut] : baseUrl;
            }
            else break;
        }
        return baseUrl + "/" + rest;
    }
}
