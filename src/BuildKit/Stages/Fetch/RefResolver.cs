using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Processes;

namespace BuildKit.Stages.Fetch;

/// <summary>Resolves a branch, tag, full or abbreviated commit (and an optional pin) to one commit inside a mirror.</summary>
public sealed partial class RefResolver(MirrorCache mirrors, GitSettings git, IProcessRunner runner)
{
    public async Task<ResolvedRef> ResolveAsync(
        string mirror, string url, string requested, string? pin, LogStep step, CancellationToken cancellationToken)
    {
        var resolved = await ResolveRefAsync(mirror, url, requested, step, cancellationToken);
        if (pin is null) return resolved;

        var pinned = await ResolveCommitAsync(mirror, url, pin, step, cancellationToken)
            ?? throw new SourceFailedException(
                $"The pinned commit {pin} is not in {RemoteUrl.Display(url)}. Check the commit: pin in the products file (or --PRODUCT-commit).");
        string? warning = null;
        if (resolved.Kind != RefKind.Commit && !await IsAncestorAsync(mirror, pinned, resolved.Commit, step, cancellationToken))
            warning = $"the pinned commit {pinned[..12]} is not reachable from {resolved.Kind.ToString().ToLowerInvariant()} {requested} (head {resolved.Commit[..12]}); building the pin as asked";
        return new ResolvedRef(requested, RefKind.Commit, pinned, warning);
    }

    private async Task<ResolvedRef> ResolveRefAsync(string mirror, string url, string requested, LogStep step, CancellationToken cancellationToken)
    {
        // git's own precedence: a tag wins over a branch of the same name.
        var peeled = await PeelAsync(mirror, [$"refs/tags/{requested}", $"refs/heads/{requested}"], step, cancellationToken);
        if (peeled[0] is { } tagged)
            return new ResolvedRef(requested, RefKind.Tag, tagged);
        if (peeled[1] is { } head)
            return new ResolvedRef(requested, RefKind.Branch, head);
        if (ChangeRequest().Match(requested) is { Success: true } change)
        {
            // GitHub keeps a pull request's head as refs/pull/N/head, GitLab a merge request's as refs/merge-requests/N/head;
            // a mirror holds only branches and tags, so the one asked for is fetched, afresh each time.
            var remote = $"refs/{requested}/head";
            if (await mirrors.TryFetchAsync(mirror, $"+{remote}:{remote}", step, cancellationToken) && (await PeelAsync(mirror, [remote], step, cancellationToken))[0] is { } changeHead)
                return new ResolvedRef(requested, RefKind.PullRequest, changeHead);
            throw new SourceFailedException(
                $"{RemoteUrl.Display(url)} has no {(change.Groups[1].Value == "pull" ? "pull" : "merge")} request {change.Groups[2].Value} ({remote}). " +
                "Check the number: GitHub's pull requests are pull/N, GitLab's merge requests merge-requests/N.");
        }
        if (HexPattern().IsMatch(requested) && await ResolveCommitAsync(mirror, url, requested, step, cancellationToken) is { } commit)
            return new ResolvedRef(requested, RefKind.Commit, commit);
        throw new SourceFailedException(await NotFoundMessageAsync(mirror, url, requested, step, cancellationToken));
    }

    private async Task<string?> ResolveCommitAsync(string mirror, string url, string id, LogStep step, CancellationToken cancellationToken)
    {
        id = id.ToLowerInvariant();
        var candidates = await CommitsStartingWithAsync(mirror, id, step, cancellationToken);
        if (candidates.Count == 0 && id.Length == 40 && await mirrors.TryFetchAsync(mirror, id, step, cancellationToken))
            candidates = await CommitsStartingWithAsync(mirror, id, step, cancellationToken);
        return candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            _ => throw new SourceFailedException(
                $"The short commit id {id} is ambiguous in {RemoteUrl.Display(url)}: it matches {string.Join(", ", candidates.Take(5))}. Give more digits."),
        };
    }

    private async Task<List<string>> CommitsStartingWithAsync(string mirror, string prefix, LogStep step, CancellationToken cancellationToken)
    {
        if (prefix.Length < 4) return [];
        var result = await runner.RunAsync(git.Command(step, mirror, "rev-parse", $"--disambiguate={prefix}") with { AcceptsFailure = true }, cancellationToken);
        var commits = new List<string>();
        foreach (var candidate in Lines(result.StandardOutput))
        {
            var type = await runner.RunAsync(git.Command(step, mirror, "cat-file", "-t", candidate) with { AcceptsFailure = true }, cancellationToken);
            if (type.StandardOutput.Trim() == "commit") commits.Add(candidate);
        }
        return commits;
    }

    /// <summary>
    /// The commit each full ref peels to, null where there is none, from one cat-file: rev-parse --verify takes one name a
    /// process, and every process costs an unchanged re-run 30 ms.
    /// </summary>
    private async Task<string?[]> PeelAsync(string mirror, string[] fullRefs, LogStep step, CancellationToken cancellationToken)
    {
        // cat-file reads a name a line; no ref name has a line break, so a name with one is no ref.
        if (fullRefs.Any(r => r.Contains('\n') || r.Contains('\r'))) return new string?[fullRefs.Length];
        var result = await runner.RunAsync(git.Command(step, mirror, "cat-file", "--batch-check=%(objectname) %(objecttype)") with
        {
            StandardInput = string.Concat(fullRefs.Select(r => r + "^{commit}\n")),
            AcceptsFailure = true,
        }, cancellationToken);
        var answers = result.Succeeded ? Lines(result.StandardOutput).ToList() : [];
        return [.. fullRefs.Select((_, i) => i < answers.Count && answers[i].Split(' ') is [var commit, "commit"] ? commit : null)];
    }

    private async Task<bool> IsAncestorAsync(string mirror, string ancestor, string descendant, LogStep step, CancellationToken cancellationToken) =>
        (await runner.RunAsync(git.Command(step, mirror, "merge-base", "--is-ancestor", ancestor, descendant) with { AcceptsFailure = true }, cancellationToken)).Succeeded;

    private async Task<string> NotFoundMessageAsync(string mirror, string url, string requested, LogStep step, CancellationToken cancellationToken)
    {
        var refs = await runner.RunAsync(git.Command(step, mirror, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/tags"), cancellationToken);
        var names = Lines(refs.StandardOutput).ToList();
        string Closest(string prefix) => string.Join(", ", names
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => n[prefix.Length..])
            .OrderBy(n => Distance(n, requested)).ThenBy(n => n, StringComparer.Ordinal)
            .Take(5)) is { Length: > 0 } list ? list : "(none)";
        return $"The ref '{requested}' does not exist in {RemoteUrl.Display(url)}: it is no branch, tag or commit there. " +
               $"Closest branches: {Closest("refs/heads/")}. Closest tags: {Closest("refs/tags/")}.";
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Levenshtein distance, to suggest the names a user most likely meant.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    [GeneratedRegex("^[0-9a-fA-F]{4,40}$")]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^(pull|merge-requests)/([0-9]+)$")]
    private static partial Regex ChangeRequest();
}
