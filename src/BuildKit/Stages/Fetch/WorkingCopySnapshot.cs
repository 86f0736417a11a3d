using BuildKit.Processes;

namespace BuildKit.Stages.Fetch;

/// <summary>A working copy as a commit in its mirror: HEAD itself when nothing changed, else a commit of what is on disk made on HEAD.</summary>
/// <param name="Head">The commit the working copy has checked out.</param>
/// <param name="Commit">What is built: <paramref name="Head"/>, or the commit of the changes on disk whose parent is HEAD.</param>
/// <param name="DirtyTree">The short id of the tree of the changes on disk; null when the working copy is clean.</param>
public sealed record WorkingCopyCommit(string Head, string Commit, string? DirtyTree);

/// <summary>
/// Takes what a working copy holds on disk (tracked changes, and untracked files git does not ignore) the way <c>git add
/// --all</c> would stage it, without writing anything into the user's repository: the index is a copy and new objects go
/// to a folder of their own, from which they are pushed into the mirror. The commit made of them has fixed author, dates
/// and message, so the same changes on the same HEAD give the same commit, and so the same build key.
/// </summary>
public sealed class WorkingCopySnapshot(GitSettings git, IProcessRunner runner)
{
    /// <summary>Where a working copy's commit is kept in its mirror, for export and for a second tree of it.</summary>
    public const string MirrorRef = "refs/buildkit/working-copy";

    private const string Author = "BuildKit";
    private const string AuthorEmail = "buildkit@localhost";

    public async Task<WorkingCopyCommit> TakeAsync(string workingCopy, string mirror, LogStep step, CancellationToken cancellationToken)
    {
        async Task<string> Git(ToolCommand command) => (await runner.RunAsync(command, cancellationToken)).StandardOutput.Trim();
        ToolCommand InCopy(params string[] arguments) => git.Command(step, workingCopy, arguments);

        var head = await runner.RunAsync(InCopy("rev-parse", "--verify", "--quiet", "HEAD^{commit}") with { AcceptsFailure = true }, cancellationToken);
        if (!head.Succeeded)
            throw new SourceFailedException(
                $"The working copy {workingCopy} has no commit checked out, so there is nothing to version its changes against. Commit once, then build again.");
        var headCommit = head.StandardOutput.Trim();
        var objects = await Git(InCopy("rev-parse", "--path-format=absolute", "--git-path", "objects"));
        var index = await Git(InCopy("rev-parse", "--path-format=absolute", "--git-path", "index"));
        var scratch = Directory.CreateTempSubdirectory("buildkit-working-copy-");
        try
        {
            var scratchIndex = Path.Combine(scratch.FullName, "index");
            var scratchObjects = Directory.CreateDirectory(Path.Combine(scratch.FullName, "objects")).FullName;
            // Starting from the user's index keeps git's file stat cache: only files changed since it was written are read again.
            if (File.Exists(index)) File.Copy(index, scratchIndex);
            ToolCommand Isolated(ToolCommand command) => command
                .WithEnvironment("GIT_INDEX_FILE", scratchIndex)
                .WithEnvironment("GIT_OBJECT_DIRECTORY", scratchObjects)
                .WithEnvironment("GIT_ALTERNATE_OBJECT_DIRECTORIES", objects);
            await runner.RunAsync(Isolated(InCopy("add", "--all", "--", ".")), cancellationToken);
            var tree = await Git(Isolated(InCopy("write-tree")));
            var headTree = await Git(InCopy("rev-parse", "HEAD^{tree}"));
            var commit = tree == headTree ? headCommit : await Git(Isolated(Fixed(InCopy("commit-tree", "--no-gpg-sign", "-p", headCommit, "-m",
                $"BuildKit: the working copy's changes on {headCommit[..12]}", tree), await Git(InCopy("show", "-s", "--format=%ct", headCommit)))));
            // The local transport clears GIT_OBJECT_DIRECTORY and GIT_INDEX_FILE for the mirror's side of the push.
            await runner.RunAsync(Isolated(InCopy("push", "--quiet", "--force", "--no-verify", "--no-signed", mirror, $"{commit}:{MirrorRef}")), cancellationToken);
            return new WorkingCopyCommit(headCommit, commit, tree == headTree ? null : tree[..7]);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static ToolCommand Fixed(ToolCommand command, string headTime) => command
        .WithEnvironment("GIT_AUTHOR_NAME", Author).WithEnvironment("GIT_AUTHOR_EMAIL", AuthorEmail).WithEnvironment("GIT_AUTHOR_DATE", $"@{headTime} +0000")
        .WithEnvironment("GIT_COMMITTER_NAME", Author).WithEnvironment("GIT_COMMITTER_EMAIL", AuthorEmail).WithEnvironment("GIT_COMMITTER_DATE", $"@{headTime} +0000");
}
