using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Products;
using BuildKit.Processes;
using BuildKit.Versioning;

namespace BuildKit.Stages.Fetch;

/// <summary>
/// The Fetch stage for one product: mirror, resolve, export a clean tree with submodules (in place of the last one's when
/// asked), apply patches, read the facts.
/// </summary>
public sealed class SourceFetcher(string cacheDirectory, GitSettings git, IProcessRunner runner, IBuildLog log, bool noWait = false)
{
    private readonly MirrorCache _mirrors = new(cacheDirectory, git, runner, log, noWait);

    /// <summary>The fetcher of a run: its cache folder, its mirrors, the git token from its environment.</summary>
    public static SourceFetcher For(BuildRun run) =>
        new(run.Plan.CacheDirectory, GitSettings.For(run), run.Runner, run.Log, run.Plan.NoWait);

    public async Task<FetchedSource> FetchAsync(
        string product, string repo, string requestedRef, string? pin, IRecipe recipe, PatchSet patches, string worktree,
        CancellationToken cancellationToken, bool workingCopy = false, PreviousBuild? previous = null, bool inPlace = false)
    {
        var step = new LogStep(product, "fetch");
        var mirror = await MirrorAsync(repo, "", step, cancellationToken);

        ResolvedRef resolved;
        WorkingCopyCommit? onDisk = null;
        if (workingCopy)
        {
            onDisk = await new WorkingCopySnapshot(git, runner).TakeAsync(repo, mirror, step, cancellationToken);
            resolved = new ResolvedRef(requestedRef, RefKind.WorkingCopy, onDisk.Commit);
            log.Information($"[{step}] {requestedRef} -> " + (onDisk.DirtyTree is { } tree
                ? $"{resolved.Commit} (HEAD {onDisk.Head[..12]} with the changes on disk, tree {tree})"
                : $"{resolved.Commit} (HEAD; no changes on disk)"));
        }
        else
        {
            resolved = await new RefResolver(_mirrors, git, runner).ResolveAsync(mirror, repo, requestedRef, pin, step, cancellationToken);
            if (resolved.PinWarning is { } warning) log.Warning($"{product}: {warning}");
            log.Information($"[{step}] {requestedRef} -> {resolved.Commit} ({resolved.Kind.ToString().ToLowerInvariant()}{(pin is null ? "" : ", pinned")})");
        }

        var submodules = await new WorktreeExporter(_mirrors, git, runner).ExportAsync(mirror, repo, resolved.Commit, worktree, step, cancellationToken, inPlace);
        foreach (var submodule in submodules) log.Information($"[{step}] submodule {submodule.Path} at {submodule.Commit[..12]} from {submodule.Url}");

        var facts = await FactsAsync(mirror, requestedRef, onDisk?.Head ?? resolved.Commit, recipe.StatedVersion(worktree), previous, step, cancellationToken)
            with { Dirty = onDisk?.DirtyTree };
        await ApplyPatchesAsync(patches, worktree, facts.CommitTime, step, cancellationToken);
        if (!patches.Files.IsEmpty) log.Information($"[{step}] applied {patches.Files.Length} patch(es), set {patches.Hash[..12]}");
        return new FetchedSource(product, repo, resolved, worktree, submodules, patches, facts, FetchedSource.ListFiles(worktree));
    }

    /// <summary>A clean tree of a bundled dependency at the commit its pinned ref names, with its submodules.</summary>
    public async Task<BundledSource> FetchBundledAsync(
        string product, BundledDependency dependency, string worktree, CancellationToken cancellationToken, bool inPlace = false)
    {
        var step = new LogStep(product, "fetch");
        var mirror = await MirrorAsync(dependency.Repo, $"bundled {dependency.Name}: ", step, cancellationToken);
        var resolved = await new RefResolver(_mirrors, git, runner).ResolveAsync(mirror, dependency.Repo, dependency.Ref, null, step, cancellationToken);
        var submodules = await new WorktreeExporter(_mirrors, git, runner).ExportAsync(mirror, dependency.Repo, resolved.Commit, worktree, step, cancellationToken, inPlace);
        log.Information($"[{step}] bundled {dependency.Name}: {dependency.Ref} -> {resolved.Commit}");
        return new BundledSource(dependency, resolved.Commit, worktree, submodules);
    }

    private Task<string> MirrorAsync(string repo, string what, LogStep step, CancellationToken cancellationToken)
    {
        var via = git.Rewrite(repo) is var effective && effective != repo ? $" via mirror {RemoteUrl.Display(effective)}" : "";
        log.Information($"[{step}] {what}mirroring {RemoteUrl.Display(repo)}{via}");
        return _mirrors.UpdateAsync(repo, step, cancellationToken);
    }

    /// <summary>A second clean tree of what <paramref name="source"/> holds: the same commit, submodules and patches.</summary>
    public async Task<FetchedSource> ExportAgainAsync(FetchedSource source, string worktree, CancellationToken cancellationToken)
    {
        var step = new LogStep(source.Product, "fetch");
        await new WorktreeExporter(_mirrors, git, runner).ExportAsync(_mirrors.PathFor(source.Repo), source.Repo, source.Ref.Commit, worktree, step, cancellationToken);
        await ApplyPatchesAsync(source.Patches, worktree, source.Facts.CommitTime, step, cancellationToken);
        log.Information($"[{step}] a second tree of {source.Ref.Commit[..12]} in {worktree}");
        return source with { Worktree = worktree };
    }

    /// <summary>
    /// How many commits <paramref name="commit"/> of the fork is ahead of and behind the upstream branch: the branch is
    /// fetched from the upstream into the fork's mirror under refs/buildkit/upstream/, then compared there.
    /// </summary>
    public async Task<(int Ahead, int Behind)> CompareWithUpstreamAsync(string repo, string commit, string upstreamRepo, string branch, CancellationToken cancellationToken)
    {
        var step = new LogStep("upstream", "fetch");
        var mirror = _mirrors.PathFor(repo);
        var local = $"refs/buildkit/upstream/{branch}";
        var fetch = git.Command(step, mirror, "fetch", "--no-auto-gc", upstreamRepo, $"+refs/heads/{branch}:{local}") with { AcceptsFailure = true, Timeout = git.RemoteTimeout };
        var fetched = await runner.RunAsync(fetch, cancellationToken);
        if (!fetched.Succeeded)
            throw new SourceFailedException(
                $"The upstream branch {branch} of {RemoteUrl.Display(upstreamRepo)} could not be fetched: {ToolFailedException.Tail(fetch.Redact(fetched.StandardError), 2).Replace('\n', ' ')}. Check upstream: in the products file.");
        var counts = await runner.RunAsync(git.Command(step, mirror, "rev-list", "--left-right", "--count", $"{commit}...{local}"), cancellationToken);
        var parts = counts.StandardOutput.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    /// <summary>The subjects of the commits after <paramref name="since"/> up to <paramref name="commit"/>, newest first, from the mirror; empty when unknown.</summary>
    public async Task<IReadOnlyList<string>> ChangesAsync(string repo, string since, string commit, int limit, CancellationToken cancellationToken)
    {
        var command = git.Command(new LogStep("changes", "log"), _mirrors.PathFor(repo), "log", "--no-decorate", "--format=%h %s", $"-n{limit}", $"{since}..{commit}")
            with { AcceptsFailure = true };
        var result = Directory.Exists(_mirrors.PathFor(repo)) ? await runner.RunAsync(command, cancellationToken) : null;
        return result is { Succeeded: true } ? result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
    }

    /// <summary>Applies the patches to a fresh tree; a tree a patch does not apply to is removed, never built.</summary>
    private async Task ApplyPatchesAsync(PatchSet patches, string worktree, DateTimeOffset commitTime, LogStep step, CancellationToken cancellationToken)
    {
        try
        {
            await patches.ApplyAsync(worktree, commitTime, git, runner, step, cancellationToken);
        }
        catch
        {
            Directory.Delete(worktree, recursive: true);
            throw;
        }
    }

    /// <summary>The tags versions are read from, as git describe matches them (a glob each; * matches any text, / too).</summary>
    private static readonly string[] VersionTagPatterns = ["v[0-9]*", "V[0-9]*", "[0-9]*", "*[-_][0-9]*"];

    private static readonly string[] VersionTags = [.. VersionTagPatterns.SelectMany(pattern => new[] { "--match", pattern })];

    /// <summary>The same patterns for names read here; their globs use only *, ranges and plain characters.</summary>
    private static readonly Regex VersionTagName = new(
        "^(?:" + string.Join("|", VersionTagPatterns.Select(p => string.Concat(p.Select(c => c switch { '*' => ".*", '[' or ']' or '-' => c.ToString(), _ => Regex.Escape(c.ToString()) })))) + ")$");

    /// <summary>
    /// Reads the facts with as few git processes as give the same answers, as each costs an unchanged re-run 30 ms: one
    /// for-each-ref lists the tags (those on the commit, and whether describe could find any), and the changelog's log
    /// also gives the commit's time and, unless it is cut at its limit, the count.
    /// </summary>
    private async Task<SourceFacts> FactsAsync(
        string mirror, string requestedRef, string commit, string? stated, PreviousBuild? previous, LogStep step, CancellationToken cancellationToken)
    {
        async Task<string> Git(bool acceptsFailure, params string[] arguments) =>
            (await runner.RunAsync(git.Command(step, mirror, arguments) with { AcceptsFailure = acceptsFailure }, cancellationToken)).StandardOutput.Trim();

        // A tag points at the commit when it names it or, annotated, is a tag of it: what tag --points-at lists, in its order.
        var allTags = (await Git(false, "for-each-ref", "--format=%(objectname) %(*objectname) %(refname:strip=2)", "refs/tags"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', 3)).Where(fields => fields.Length == 3).ToList();
        var tags = allTags.Where(fields => fields[0] == commit || fields[1] == commit).Select(fields => fields[2]).ToList();
        var describes = allTags.Any(fields => VersionTagName.IsMatch(fields[2]));
        async Task<string> NearestTag(string of) => describes ? await Git(true, ["describe", "--tags", "--abbrev=0", .. VersionTags, of]) : "";

        var nearest = await NearestTag(commit);
        var distance = nearest.Length == 0 ? 0 : int.Parse(await Git(false, "rev-list", "--count", $"{nearest}..{commit}"));
        // The changelog counts from the previous build when this commit descends from it (a rebuild of the same commit
        // counts from where that build counted), else from the tag before the commit, so that a release names what it released.
        var before = previous is null ? ""
            : previous.Commit == commit ? previous.ChangesSince ?? ""
            : (await runner.RunAsync(git.Command(step, mirror, "merge-base", "--is-ancestor", previous.Commit, commit) with { AcceptsFailure = true }, cancellationToken)).Succeeded
                ? previous.Commit
                : "";
        if (before.Length == 0) before = await NearestTag(commit + "^");
        var range = before.Length == 0 ? commit : $"{before}..{commit}";
        var logged = (await Git(false, "log", "--no-merges", $"--max-count={Changelog.MaxChanges}", "--format=%H %ct %s", range))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', 3)).ToList();
        // The log leaves out a merge, so a merge commit's time is asked of show.
        var time = DateTimeOffset.FromUnixTimeSeconds(long.Parse(logged.FirstOrDefault() is [var first, var seconds, ..] && first == commit
            ? seconds
            : await Git(false, "show", "-s", "--format=%ct", commit)));
        return new SourceFacts(requestedRef, commit, time, [.. tags], nearest.Length == 0 ? null : nearest, distance, stated)
        {
            Changes = [.. logged.Select(fields => fields.Length == 3 ? $"{fields[0]} {fields[2]}" : fields[0])],
            ChangeCount = logged.Count < Changelog.MaxChanges ? logged.Count : int.Parse(await Git(false, "rev-list", "--count", "--no-merges", range)),
            ChangesSince = before.Length == 0 ? null : before,
        };
    }
}
