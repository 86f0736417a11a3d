using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Stages.Build;

namespace BuildKit.IntegrationTests.Stages.Build;

public sealed class GoDownloadsSpecs : IDisposable
{
    private static readonly GoToolchain Go = new("1.24.4", "the go line in go.mod asks for Go 1.24 or newer");
    private readonly TempDir _temp = TempDir.Create();
    private readonly FolderHttpServer _server;

    public GoDownloadsSpecs() => _server = new FolderHttpServer(_temp.Combine("site"));

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private GoDownloads Downloads() => new(_temp.Combine("cache"), _server.BaseUrl + "golang/", new ProcessRunner(new RecordingLog()), new RecordingLog());

    /// <summary>A release archive laid out as go.dev's (go/bin/go in it) in the served folder, with its .sha256 beside it unless told otherwise.</summary>
    private async Task<string> PublishAsync(string? sha256 = null)
    {
        _temp.File("release/go/bin/go", "#!/bin/sh\necho go version go1.24.4 linux/amd64\n");
        _temp.File("release/go/VERSION", "go1.24.4\n");
        var archive = _temp.Combine("site", "golang", Go.Archive(GoDownloads.GoArch));
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("tar", "-czf", archive, "-C", _temp.Combine("release"), "go"));
        File.WriteAllText(archive + ".sha256", (sha256 ?? Hashing.FileSha256(archive)) + "\n");
        return archive;
    }

    [ToolFact("tar")]
    public async Task A_release_is_downloaded_checked_and_unpacked_once_and_later_builds_take_it_from_the_cache()
    {
        // Arrange
        var archive = await PublishAsync();

        // Act
        var folder = await Downloads().EnsureAsync(Go, "grafana", CancellationToken.None);
        File.Delete(archive);
        var again = await Downloads().EnsureAsync(Go, "grafana", CancellationToken.None);

        // Assert
        folder.Should().Be($"go1.24.4.linux-{GoDownloads.GoArch}").And.Be(again);
        var release = Path.Combine(Downloads().Folder, folder);
        File.ReadAllText(Path.Combine(release, "VERSION")).Should().Be("go1.24.4\n");
        File.Exists(Path.Combine(release, "bin", "go")).Should().BeTrue("the archive's go/ folder is the release's root");
        Directory.GetFileSystemEntries(Downloads().Folder).Should().Equal([release], "no download or partial folder is left beside it");
    }

    [ToolFact("tar")]
    public async Task A_release_that_does_not_match_its_published_checksum_is_not_unpacked()
    {
        // Arrange
        await PublishAsync(sha256: new string('0', 64));

        // Act
        var act = () => Downloads().EnsureAsync(Go, "grafana", CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<RecipeException>()).WithMessage(
            $"{_server.BaseUrl}golang/go1.24.4.linux-*.tar.gz does not match the SHA-256 published beside it (*.sha256 says 0000*, the download is *): nothing was unpacked.*--go-download=URL*");
        Directory.GetFileSystemEntries(Downloads().Folder).Should().BeEmpty();
    }

    [Fact]
    public async Task A_folder_without_the_release_is_named_with_its_answer_and_the_layout_it_needs()
    {
        // Act
        var act = () => Downloads().EnsureAsync(Go, "grafana", CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<RecipeException>()).WithMessage(
            $"Go could not be downloaded: {_server.BaseUrl}golang/go1.24.4.linux-*.tar.gz answered 404 Not Found. Give a folder of Go releases that has it (--go-download=URL), laid out as go.dev's*");
        Directory.GetFileSystemEntries(Downloads().Folder).Should().BeEmpty();
    }
}
