using BuildKit.Products;
using BuildKit.Stages.Fetch;

namespace BuildKit.IntegrationTests.Stages.Fetch;

public sealed class InPlaceTreeSpecs : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly FetchWorkspace _w = new();

    public void Dispose() => _w.Dispose();

    private Task<FetchedSource> FetchAsync(GitUpstream top, bool inPlace) =>
        _w.Fetcher().FetchAsync("hotspot", top.Url, "main", null, new HotspotRecipe(), PatchSet.None, _w.Temp.Combine("tree"), CancellationToken.None, inPlace: inPlace);

    private async Task<(GitUpstream Top, GitUpstream Submodule)> TopWithSubmoduleAsync()
    {
        var submodule = await GitUpstream.CreateAsync(_w.Temp, "perfparser");
        await submodule.CommitAsync("parser", ("parser.c", "int parse;\n"));
        await submodule.PushAsync();
        var top = await GitUpstream.CreateAsync(_w.Temp, "hotspot");
        await top.AddSubmoduleAsync(submodule.Url, "3rdparty/perfparser");
        await top.CommitAsync("first", ("keep.txt", "kept\n"), ("change.txt", "before\n"), ("remove.txt", "removed\n"));
        await top.PushAsync();
        return (top, submodule);
    }

    private async Task<string> GitInTreeAsync(params string[] arguments) =>
        (await _w.Runner.RunAsync(FetchWorkspace.Git.Command(new("test", "git"), _w.Temp.Combine("tree"), arguments))).StandardOutput;

    [ToolFact("git")]
    public async Task A_tree_updated_in_place_holds_the_new_commit_and_its_submodule_and_nothing_else_and_unchanged_files_keep_their_timestamps()
    {
        // Arrange
        var (top, submodule) = await TopWithSubmoduleAsync();
        var first = await FetchAsync(top, inPlace: true);
        var tree = first.Worktree;
        foreach (var file in new[] { "keep.txt", "change.txt", "3rdparty/perfparser/parser.c" }) File.SetLastWriteTimeUtc(Path.Combine(tree, file), LongAgo);
        File.WriteAllText(Path.Combine(tree, "left-by-the-build.o"), "object\n");
        File.WriteAllText(Path.Combine(tree, "3rdparty/perfparser/left-by-the-build.o"), "object\n");
        var submoduleCommit = await submodule.CommitAsync("second parser", ("parser2.c", "int parse2;\n"));
        await submodule.PushAsync();
        await top.GitAsync("-C", "3rdparty/perfparser", "pull", "--quiet", "origin", "main");
        File.Delete(Path.Combine(top.Work, "remove.txt"));
        var second = await top.CommitAsync("second", ("change.txt", "after\n"), ("added.txt", "added\n"));
        await top.PushAsync();

        // Act
        var updated = await FetchAsync(top, inPlace: true);

        // Assert
        updated.Worktree.Should().Be(tree);
        (await GitInTreeAsync("rev-parse", "HEAD")).Trim().Should().Be(second);
        (await GitInTreeAsync("status", "--porcelain", "--ignored")).Should().BeEmpty("the tree is the commit, nothing more and nothing less");
        File.GetLastWriteTimeUtc(Path.Combine(tree, "keep.txt")).Should().Be(LongAgo, "an unchanged file is not written again");
        File.GetLastWriteTimeUtc(Path.Combine(tree, "3rdparty/perfparser/parser.c")).Should().Be(LongAgo, "nor is one in a submodule");
        File.ReadAllText(Path.Combine(tree, "change.txt")).Should().Be("after\n");
        File.GetLastWriteTimeUtc(Path.Combine(tree, "change.txt")).Should().BeAfter(LongAgo);
        File.Exists(Path.Combine(tree, "remove.txt")).Should().BeFalse();
        File.ReadAllText(Path.Combine(tree, "added.txt")).Should().Be("added\n");
        File.ReadAllText(Path.Combine(tree, "3rdparty/perfparser/parser2.c")).Should().Be("int parse2;\n");
        File.Exists(Path.Combine(tree, "left-by-the-build.o")).Should().BeFalse("what a build left in the tree is removed");
        File.Exists(Path.Combine(tree, "3rdparty/perfparser/left-by-the-build.o")).Should().BeFalse();
        updated.Submodules.Should().ContainSingle().Which.Commit.Should().Be(submoduleCommit);
        (await GitInTreeAsync("remote", "get-url", "origin")).Trim().Should().Be(top.Url, "the tree names the upstream, not the cache");
    }

    [ToolFact("git")]
    public async Task A_tree_already_at_the_commit_with_nothing_changed_is_left_as_it_is_and_one_with_files_added_only_is_cleaned_of_them_in_its_own_git_folder()
    {
        // Arrange
        var (top, _) = await TopWithSubmoduleAsync();
        var tree = (await FetchAsync(top, inPlace: true)).Worktree;
        var marker = Path.Combine(tree, ".git", "left-as-it-is");
        File.WriteAllText(marker, "");

        // Act
        await FetchAsync(top, inPlace: true);
        var unchangedKeptItsGitFolder = File.Exists(marker);
        File.WriteAllText(Path.Combine(tree, "left-by-the-build.o"), "object\n");
        File.WriteAllText(Path.Combine(tree, ".gitignore"), "*.o\n");
        File.WriteAllText(Path.Combine(tree, "3rdparty/perfparser/left-by-the-build.o"), "object\n");
        await FetchAsync(top, inPlace: true);

        // Assert
        unchangedKeptItsGitFolder.Should().BeTrue("a tree that is already the commit is not touched");
        File.Exists(marker).Should().BeTrue("files only added need no fresh .git, only cleaning");
        File.Exists(Path.Combine(tree, "left-by-the-build.o")).Should().BeFalse("an ignored file the build left is removed");
        File.Exists(Path.Combine(tree, ".gitignore")).Should().BeFalse("an untracked one too");
        File.Exists(Path.Combine(tree, "3rdparty/perfparser/left-by-the-build.o")).Should().BeFalse("a file added in a submodule is noticed and removed");
        (await GitInTreeAsync("status", "--porcelain", "--ignored")).Should().BeEmpty();
    }

    [ToolFact("git")]
    public async Task A_tracked_file_changed_in_a_tree_already_at_the_commit_is_made_the_commits_again()
    {
        // Arrange
        var (top, _) = await TopWithSubmoduleAsync();
        var tree = (await FetchAsync(top, inPlace: true)).Worktree;
        File.WriteAllText(Path.Combine(tree, "change.txt"), "patched\n");
        File.WriteAllText(Path.Combine(tree, "left-by-the-build.o"), "object\n");

        // Act
        await FetchAsync(top, inPlace: true);

        // Assert
        File.ReadAllText(Path.Combine(tree, "change.txt")).Should().Be("before\n");
        File.Exists(Path.Combine(tree, "left-by-the-build.o")).Should().BeFalse();
        (await GitInTreeAsync("status", "--porcelain", "--ignored")).Should().BeEmpty();
    }

    [ToolFact("git")]
    public async Task A_tree_whose_index_an_interrupted_run_left_corrupt_is_made_afresh()
    {
        // Arrange
        var (top, _) = await TopWithSubmoduleAsync();
        var tree = (await FetchAsync(top, inPlace: true)).Worktree;
        File.WriteAllText(Path.Combine(tree, ".git", "index"), "not an index");
        File.SetLastWriteTimeUtc(Path.Combine(tree, "keep.txt"), LongAgo);

        // Act
        var again = await FetchAsync(top, inPlace: true);

        // Assert
        File.ReadAllText(Path.Combine(again.Worktree, "keep.txt")).Should().Be("kept\n");
        File.GetLastWriteTimeUtc(Path.Combine(again.Worktree, "keep.txt")).Should().BeAfter(LongAgo, "the tree was made again, file by file");
        (await GitInTreeAsync("status", "--porcelain", "--ignored")).Should().BeEmpty();
    }

    [ToolFact("git")]
    public async Task Without_in_place_the_tree_is_made_afresh()
    {
        // Arrange
        var (top, _) = await TopWithSubmoduleAsync();
        var tree = (await FetchAsync(top, inPlace: true)).Worktree;
        File.SetLastWriteTimeUtc(Path.Combine(tree, "keep.txt"), LongAgo);

        // Act
        await FetchAsync(top, inPlace: false);

        // Assert
        File.GetLastWriteTimeUtc(Path.Combine(tree, "keep.txt")).Should().BeAfter(LongAgo);
    }
}
