using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Text;
using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Processes;

namespace BuildKit.Stages.Fetch;

/// <summary>
/// Bare mirrors of upstream repositories under the cache folder, one per URL: the first use clones, later uses fetch
/// only what is new. A mirror is used only once it is complete; a clone that was interrupted is removed and redone.
/// Mirrors are partial clones (--filter=blob:none): every commit and tree, so versions and history are all there, and
/// the files of the commits a build exports, fetched when it exports them (<see cref="FetchFilesAsync"/>). An upstream
/// that cannot filter sends everything, as before.
/// </summary>
/// <param name="noWait">Fail at once, naming the other run, instead of waiting while another run updates a mirror.</param>
public sealed partial class MirrorCache(string cacheDirectory, GitSettings git, IProcessRunner runner, IBuildLog log, bool noWait = false)
{
    private const string CompleteMarker = "buildkit-mirror-complete";
    private const string BlobFilter = "blob:none";

    public string PathFor(string url)
    {
        var hash = Hashing.Sha256(url)[..12];
        var name = new string(url.TrimEnd('/').Split('/', ':').Last().Replace(".git", "").Where(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_').ToArray());
        return Path.Combine(cacheDirectory, "git", $"{(name.Length == 0 ? "repo" : name)}-{hash}.git");
    }

    /// <summary>Whether the mirror of <paramref name="url"/> was made whole once: only then is what it holds trusted.</summary>
    public bool IsComplete(string url) => File.Exists(Path.Combine(PathFor(url), CompleteMarker));

    /// <summary>The lock a run holds while it updates the mirror of <paramref name="url"/>.</summary>
    public string LockPathFor(string url) => Path.Combine(cacheDirectory, "locks", Path.GetFileName(PathFor(url)) + ".lock");

    /// <summary>
    /// Brings the mirror of <paramref name="url"/> up to date and returns its path. For a submodule, <paramref name="submodule"/>
    /// is its path in the superproject: a failure then names it and its URL, which come from .gitmodules, not the products file.
    /// </summary>
    public async Task<string> UpdateAsync(string url, LogStep step, CancellationToken cancellationToken, string? submodule = null)
    {
        var mirror = PathFor(url);
        // Two runs on one cache folder would otherwise clone into, or remove, each other's half-made mirror.
        using var held = await FileLock.AcquireAsync(LockPathFor(url), $"the mirror of {RemoteUrl.Display(url)} ({mirror})", log, cancellationToken,
            noWait ? $"Wait for it to end, run without --{Options.NoWait} to wait for it, or give this run its own --{Options.CacheDir}=DIR." : null);
        if (IsComplete(url))
        {
            await Remote(step, mirror, url, submodule, cancellationToken, "fetch", "--prune", "--no-auto-gc", "origin");
            return mirror;
        }

        // A mirror without its marker, or a partial clone left by a killed run, is never trusted: start again.
        if (Directory.Exists(mirror)) Directory.Delete(mirror, recursive: true);
        foreach (var stale in Directory.Exists(Path.GetDirectoryName(mirror)) ? Directory.GetDirectories(Path.GetDirectoryName(mirror)!, Path.GetFileName(mirror) + ".partial-*") : [])
            Directory.Delete(stale, recursive: true);
        var partial = mirror + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Directory.CreateDirectory(partial);
            await runner.RunAsync(git.Command(step, partial, "init", "--quiet", "--bare"), cancellationToken);
            await runner.RunAsync(git.Command(step, partial, "remote", "add", "origin", url), cancellationToken);
            // Branches and tags only: pull-request refs of big upstreams would multiply the download.
            await runner.RunAsync(git.Command(step, partial, "config", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/heads/*"), cancellationToken);
            await runner.RunAsync(git.Command(step, partial, "config", "--add", "remote.origin.fetch", "+refs/tags/*:refs/tags/*"), cancellationToken);
            var filters = await ServerFiltersAsync(partial, step, cancellationToken);
            if (filters)
            {
                await runner.RunAsync(git.Command(step, partial, "config", "remote.origin.promisor", "true"), cancellationToken);
                await runner.RunAsync(git.Command(step, partial, "config", "remote.origin.partialclonefilter", BlobFilter), cancellationToken);
            }
            await Remote(step, partial, url, submodule, cancellationToken, ["fetch", "--prune", "--no-auto-gc", .. filters ? [$"--filter={BlobFilter}"] : Array.Empty<string>(), "origin"]);
            await File.WriteAllTextAsync(Path.Combine(partial, CompleteMarker), url + "\n", cancellationToken);
            Directory.Move(partial, mirror);
            return mirror;
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>
    /// Fetches what no configured refspec brings into the mirror: a commit by id (pins, submodule commits no branch or tag
    /// holds) or a ref such as a pull request's head (<c>+refs/pull/7/head:refs/pull/7/head</c>).
    /// </summary>
    public async Task<bool> TryFetchAsync(string mirror, string refspec, LogStep step, CancellationToken cancellationToken)
    {
        var command = git.Command(step, mirror, "fetch", "--no-auto-gc", "origin", refspec) with
        {
            AcceptsFailure = true,
            Timeout = git.RemoteTimeout,
        };
        return (await runner.RunAsync(command, cancellationToken)).Succeeded;
    }

    /// <summary>
    /// Whether the upstream serves partial clones: its protocol v2 advertisement names the filter capability. A dumb HTTP
    /// server (which git 2.39 answers with lazy fetches that never end), or one that does not filter, gets a full mirror.
    /// </summary>
    private async Task<bool> ServerFiltersAsync(string directory, LogStep step, CancellationToken cancellationToken)
    {
        var command = git.Command(step, directory, "-c", "protocol.version=2", "ls-remote", "--heads", "origin");
        var probe = command with
        {
            Environment = command.Environment.SetItem("GIT_TRACE_PACKET", "1"),
            Quiet = true,
            AcceptsFailure = true,
            Timeout = git.RemoteTimeout,
        };
        var result = await runner.RunAsync(probe, cancellationToken);
        return result.Succeeded && FilterCapability().IsMatch(result.StandardError);
    }

    [GeneratedRegex(@"ls-remote< fetch=.*\bfilter\b")]
    private static partial Regex FilterCapability();

    /// <summary>
    /// Fetches the files of <paramref name="commit"/> the mirror does not have yet, in one request, as git's own lazy
    /// fetch asks for them; nothing when it has them all (a full mirror, or a commit exported before).
    /// </summary>
    public async Task FetchFilesAsync(string mirror, string url, string commit, LogStep step, CancellationToken cancellationToken)
    {
        var listing = await runner.RunAsync(git.Command(step, mirror, "rev-list", "--objects", "--no-walk", "--missing=print", commit) with { Quiet = true }, cancellationToken);
        var missing = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l[0] == '?').Select(l => l[1..]).ToList();
        if (missing.Count == 0) return;
        var command = git.Command(step, mirror, "-c", "fetch.negotiationAlgorithm=noop", "fetch", "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no",
            $"--filter={BlobFilter}", "--stdin", "origin") with { StandardInput = string.Join('\n', missing) + "\n", AcceptsFailure = true, Timeout = git.RemoteTimeout };
        var result = await runner.RunAsync(command, cancellationToken);
        if (!result.Succeeded)
            throw new SourceFailedException(
                $"The mirror of {RemoteUrl.Display(git.Rewrite(url))} has commit {commit[..12]} but not {missing.Count} of its files: it is a partial clone, " +
                $"which fetches a commit's files when a build first exports it, and fetching them failed (exit {result.ExitCode}). " +
                $"git said: {command.Redact(ToolFailedException.Tail(result.StandardError, 4)).Replace('\n', ' ')}. " +
                "Run again where the upstream (or your --mirror) is reachable: once fetched, the files stay in the cache.");
    }

    private async Task Remote(LogStep step, string directory, string url, string? submodule, CancellationToken cancellationToken, params string[] arguments)
    {
        var what = submodule is null
            ? $"The repository {RemoteUrl.Display(git.Rewrite(url))}"
            : $"The submodule {submodule} ({RemoteUrl.Display(git.Rewrite(url))}, as the superproject's .gitmodules names it)";
        var fix = submodule is null
            ? $"Check the repo URL (products file or --PRODUCT-repo); for a private fork set {Configuration.EnvVars.GitToken}."
            : "Fix its URL in .gitmodules of the fork, or point a mirror at a reachable copy (mirrors: in the products file, or --mirror=FROM=TO).";
        var command = git.Command(step, directory, arguments) with { AcceptsFailure = true, Timeout = git.RemoteTimeout };
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(command, cancellationToken);
        }
        catch (ToolFailedException e) when (e.TimedOut)
        {
            throw new SourceFailedException(
                $"{what} did not answer within {git.RemoteTimeout.TotalSeconds:0} s. " +
                "Check the URL and your network, or point a mirror at a reachable copy (mirrors: in the products file).");
        }
        if (result.Succeeded) return;
        var stderr = command.Redact(ToolFailedException.Tail(result.StandardError, 8));
        var missing = new[] { "does not exist", "not found", "not appear to be a git repository", "Could not read from remote", "Authentication failed", "could not read Username" }
            .Any(s => result.StandardError.Contains(s, StringComparison.OrdinalIgnoreCase));
        throw new SourceFailedException(missing
            ? $"{what} does not exist or cannot be read. {fix} git said: {stderr.Replace('\n', ' ')}"
            : $"Fetching {char.ToLowerInvariant(what[0])}{what[1..]} failed (exit {result.ExitCode}). git said: {stderr.Replace('\n', ' ')}. " +
              "Check the URL and this machine's network and proxy settings, or point a mirror at a reachable copy (mirrors: in the products file, or --mirror=FROM=TO).");
    }
}
