using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using BuildKit.Processes;

namespace BuildKit.Stages.Fetch;

/// <summary>The patches applied on top of the upstream commit, in order; their hash is part of the build key.</summary>
public sealed record PatchSet(ImmutableArray<string> Files)
{
    public static PatchSet None { get; } = new([]);

    /// <summary>Expands folders into their *.patch files (sorted by name); files are taken as listed.</summary>
    public static PatchSet From(IEnumerable<string> entries) => new([.. entries.SelectMany<string, string>(entry =>
        Directory.Exists(entry)
            ? Directory.GetFiles(entry, "*.patch").Order(StringComparer.Ordinal)
            : File.Exists(entry)
                ? [entry]
                : throw new SourceFailedException($"The patch {entry} does not exist. Fix the patches: list of the product in the products file."))]);

    /// <summary>SHA-256 over each patch's name and content, in order; "none" when there are no patches.</summary>
    public string Hash
    {
        get
        {
            if (Files.IsEmpty) return "none";
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in Files)
            {
                sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
                sha.AppendData(File.ReadAllBytes(file));
                sha.AppendData("\0"u8);
            }
            return Hashing.Hex(sha);
        }
    }

    /// <summary>Applies each patch with git am --3way; the first that does not apply stops the build, naming it and its conflicts.</summary>
    public async Task ApplyAsync(
        string worktree, DateTimeOffset commitTime, GitSettings git, IProcessRunner runner, LogStep step, CancellationToken cancellationToken)
    {
        foreach (var patch in Files)
        {
            var apply = git.Command(step, worktree, "-c", "user.name=BuildKit", "-c", "user.email=buildkit@localhost",
                    "am", "--3way", "--keep-cr", "--quiet", Path.GetFullPath(patch))
                .WithEnvironment("GIT_COMMITTER_DATE", $"@{commitTime.ToUnixTimeSeconds()} +0000")
                with { AcceptsFailure = true };
            var result = await runner.RunAsync(apply, cancellationToken);
            if (result.Succeeded) continue;

            var unmerged = await runner.RunAsync(git.Command(step, worktree, "diff", "--name-only", "--diff-filter=U"), cancellationToken);
            var files = unmerged.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (files.Count == 0)
                files = (result.StandardError + result.StandardOutput).Split('\n')
                    .Where(l => l.StartsWith("error: patch failed: ", StringComparison.Ordinal) || l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(": does not exist", StringComparison.Ordinal))
                    .Select(l => l.Replace("error: patch failed: ", "", StringComparison.Ordinal).Replace("error: ", "", StringComparison.Ordinal))
                    .Distinct().ToList();
            await runner.RunAsync(git.Command(step, worktree, "am", "--abort") with { AcceptsFailure = true }, cancellationToken);
            var detail = files.Count > 0 ? $"conflicts in {string.Join(", ", files)}" : ToolFailedException.Tail(result.StandardError, 3).Replace('\n', ' ');
            throw new SourceFailedException(
                $"The patch {Path.GetFileName(patch)} does not apply: {detail}. Refresh it against this commit (git format-patch), or pin the commit it was made for.");
        }
    }
}
