using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Stages.Fetch;

namespace BuildKit.IntegrationTests.Stages.Fetch;

public sealed class PartialMirrorSpecs : IDisposable
{
    private readonly FetchWorkspace _w = new();

    public void Dispose() => _w.Dispose();

    private Task<FetchedSource> FetchAsync(string repo, string reference, string worktree) =>
        _w.Fetcher().FetchAsync("demo", repo, reference, null, new GrafanaRecipe(), PatchSet.None, _w.Temp.Combine(worktree), CancellationToken.None);

    /// <summary>An upstream that filters, as GitHub does, whose big file changes between its tag and its head.</summary>
    private async Task<(GitUpstream Upstream, string OldBlob)> UpstreamWithABigFileAsync()
    {
        var upstream = await GitUpstream.CreateAsync(_w.Temp, "demo");
        await upstream.GitAsync("-C", upstream.Bare, "config", "uploadpack.allowFilter", "true");
        await upstream.CommitAsync("first", ("package.json", """{ "version": "11.3.0" }"""), ("big.txt", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_000))));
        await upstream.TagAsync("v11.3.0");
        var oldBlob = (await upstream.GitAsync("rev-parse", "HEAD:big.txt")).Trim();
        await upstream.CommitAsync("second", ("big.txt", "small now\n"));
        await upstream.PushAsync();
        return (upstream, oldBlob);
    }

    private static async Task<string[]> MissingAsync(GitUpstream upstream, string mirror) =>
        (await upstream.GitAsync("-C", mirror, "rev-list", "--objects", "--all", "--missing=print"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l[0] == '?').Select(l => l[1..]).ToArray();

    [ToolFact("git")]
    public async Task A_first_fetch_keeps_all_history_but_only_the_files_of_the_commit_it_exports()
    {
        // Arrange
        var (upstream, oldBlob) = await UpstreamWithABigFileAsync();

        // Act
        var head = await FetchAsync(upstream.Url, "main", "head");
        var mirror = _w.Mirrors.PathFor(upstream.Url);
        var missingAfterHead = await MissingAsync(upstream, mirror);
        var tag = await FetchAsync(upstream.Url, "v11.3.0", "tag");

        // Assert
        head.Facts.NearestTag.Should().Be("v11.3.0", "every commit is in the mirror, so versions read history as before");
        File.ReadAllText(Path.Combine(head.Worktree, "big.txt")).Should().Be("small now\n");
        missingAfterHead.Should().Equal([oldBlob], "the tag's big file is fetched only when a build exports the tag");
        File.ReadAllText(Path.Combine(tag.Worktree, "big.txt")).Length.Should().Be(400_000);
        (await MissingAsync(upstream, mirror)).Should().BeEmpty();
    }

    [ToolFact("git")]
    public async Task An_upstream_that_does_not_filter_gets_a_full_mirror_that_asks_it_for_nothing_later()
    {
        // Arrange
        var (upstream, _) = await UpstreamWithABigFileAsync();
        await upstream.GitAsync("-C", upstream.Bare, "config", "uploadpack.allowFilter", "false");

        // Act
        await FetchAsync(upstream.Url, "main", "head");
        var mirror = _w.Mirrors.PathFor(upstream.Url);

        // Assert
        (await MissingAsync(upstream, mirror)).Should().BeEmpty();
        (await upstream.GitAsync("-C", mirror, "config", "--default", "unset", "--get", "remote.origin.promisor")).Trim()
            .Should().Be("unset", "a mirror that is not partial must not send git looking for objects upstream");
    }

    [ToolFact("git")]
    public async Task Files_that_cannot_be_fetched_are_named_as_the_partial_mirrors_with_the_way_out()
    {
        // Arrange
        var (upstream, _) = await UpstreamWithABigFileAsync();
        await FetchAsync(upstream.Url, "main", "head");
        var mirrors = _w.Mirrors;
        var tag = (await upstream.GitAsync("rev-parse", "v11.3.0^{commit}")).Trim();
        Directory.Move(upstream.Bare, upstream.Bare + ".gone");

        // Act
        var act = () => mirrors.FetchFilesAsync(mirrors.PathFor(upstream.Url), upstream.Url, tag, new LogStep("demo", "fetch"), CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>())
            .WithMessage($"The mirror of {upstream.Url} has commit {tag[..12]} but not 1 of its files: it is a partial clone*Run again where the upstream*");
    }
}
