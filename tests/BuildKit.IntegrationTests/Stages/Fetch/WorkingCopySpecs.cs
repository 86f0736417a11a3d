using BuildKit.Planning;
using BuildKit.Products;
using BuildKit.Stages.Fetch;

namespace BuildKit.IntegrationTests.Stages.Fetch;

public sealed class WorkingCopySpecs : IDisposable
{
    private readonly FetchWorkspace _w = new();

    public void Dispose() => _w.Dispose();

    private Task<FetchedSource> FetchAsync(GitUpstream copy, string worktree) =>
        _w.Fetcher().FetchAsync(
            "demo", copy.Work, ProductPlan.WorkingCopyRef, null, new GrafanaRecipe(), PatchSet.None, _w.Temp.Combine(worktree), CancellationToken.None, workingCopy: true);

    /// <summary>A working copy of a tagged commit, with an ignored folder.</summary>
    private async Task<GitUpstream> CopyAsync()
    {
        var copy = await GitUpstream.CreateAsync(_w.Temp, "demo");
        await copy.CommitAsync("first", ("package.json", """{ "version": "11.3.0" }"""), ("src/app.ts", "old\n"), (".gitignore", "node_modules/\n"));
        await copy.TagAsync("v11.3.0");
        return copy;
    }

    /// <summary>What git would show a user of their repository: status, index, refs and objects, which a build must leave as they were.</summary>
    private static async Task<string> StateOfAsync(GitUpstream copy) =>
        await copy.GitAsync("status", "--porcelain") + await copy.GitAsync("ls-files", "--stage") + await copy.GitAsync("for-each-ref")
        + await copy.GitAsync("count-objects") + Hashing.FileSha256(Path.Combine(copy.Work, ".git", "index"));

    [ToolFact("git")]
    public async Task A_working_copy_is_built_with_its_tracked_changes_and_untracked_files_but_not_its_ignored_ones()
    {
        // Arrange
        var copy = await CopyAsync();
        var head = await copy.HeadAsync();
        File.WriteAllText(Path.Combine(copy.Work, "src", "app.ts"), "edited\n");
        File.WriteAllText(Path.Combine(copy.Work, "src", "new.ts"), "untracked\n");
        Directory.CreateDirectory(Path.Combine(copy.Work, "node_modules"));
        File.WriteAllText(Path.Combine(copy.Work, "node_modules", "ignored.js"), "ignored\n");
        var before = await StateOfAsync(copy);

        // Act
        var source = await FetchAsync(copy, "tree");

        // Assert
        File.ReadAllText(Path.Combine(source.Worktree, "src", "app.ts")).Should().Be("edited\n");
        File.ReadAllText(Path.Combine(source.Worktree, "src", "new.ts")).Should().Be("untracked\n");
        Directory.Exists(Path.Combine(source.Worktree, "node_modules")).Should().BeFalse("git ignores it");
        source.Ref.Kind.Should().Be(RefKind.WorkingCopy);
        source.Ref.Commit.Should().NotBe(head);
        source.Facts.Should().Match<BuildKit.Versioning.SourceFacts>(f => f.Commit == head && f.Dirty != null && f.Dirty.Length == 7 && f.TagsAtCommit.Contains("v11.3.0"));
        (await StateOfAsync(copy)).Should().Be(before, "the user's repository is read, never written");
    }

    [ToolFact("git")]
    public async Task The_same_changes_give_the_same_commit_and_one_more_edit_a_new_one()
    {
        // Arrange
        var copy = await CopyAsync();
        File.WriteAllText(Path.Combine(copy.Work, "src", "app.ts"), "edited\n");

        // Act
        var first = await FetchAsync(copy, "first");
        var again = await FetchAsync(copy, "again");
        File.WriteAllText(Path.Combine(copy.Work, "src", "app.ts"), "edited twice\n");
        var edited = await FetchAsync(copy, "edited");

        // Assert
        again.Ref.Commit.Should().Be(first.Ref.Commit);
        again.Facts.Dirty.Should().Be(first.Facts.Dirty);
        edited.Ref.Commit.Should().NotBe(first.Ref.Commit);
        edited.Facts.Dirty.Should().NotBe(first.Facts.Dirty);
    }

    [ToolFact("git")]
    public async Task A_clean_working_copy_is_its_head_commit_as_it_is()
    {
        // Arrange
        var copy = await CopyAsync();

        // Act
        var source = await FetchAsync(copy, "tree");

        // Assert
        source.Ref.Commit.Should().Be(await copy.HeadAsync());
        source.Facts.Dirty.Should().BeNull();
        source.Facts.TagsAtCommit.Should().Equal("v11.3.0");
    }

    [ToolFact("git")]
    public async Task A_working_copy_without_a_commit_is_refused_with_what_to_do()
    {
        // Arrange
        var copy = await GitUpstream.CreateAsync(_w.Temp, "empty");
        File.WriteAllText(Path.Combine(copy.Work, "a.txt"), "a\n");

        // Act
        var act = () => FetchAsync(copy, "tree");

        // Assert
        await act.Should().ThrowAsync<SourceFailedException>().WithMessage($"The working copy {copy.Work} has no commit checked out*Commit once, then build again.");
    }
}
