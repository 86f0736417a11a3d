using BuildKit.Records;

namespace BuildKit.Tests.Records;

public sealed class BuildRecordSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly RecordingLog _log = new();

    public void Dispose() => _temp.Dispose();

    private static BuildRecord Record() => new(
        "hotspot", "1.5.1-1", "fedora-43", "https://github.com/KDAB/hotspot.git", "v1.5.1", new string('a', 40), "none",
        [new SubmoduleEntry("3rdparty/perfparser", "https://github.com/KDAB/perfparser.git", new string('b', 40))], "hotspot", new string('c', 64),
        "buildkit-builder-fedora-43-hotspot-qt6:0123456789abcdef", "sha256:" + new string('d', 64),
        new Dictionary<string, string> { ["gcc"] = "15.2.1", ["cmake"] = "3.31.6" }, 1764000000, [], new string('e', 64), false);

    [Fact]
    public async Task A_record_is_written_whole_and_read_back_as_it_was()
    {
        // Arrange
        var path = _temp.Combine("buildinfo", "hotspot.json");

        // Act
        await Record().WriteAsync(path, CancellationToken.None);
        var read = BuildRecord.TryRead(path, _log);

        // Assert
        read.Should().BeEquivalentTo(Record());
        Directory.GetFiles(_temp.Combine("buildinfo")).Should().Equal(path);
    }

    [Fact]
    public void A_truncated_record_reads_as_unknown_with_a_warning_naming_the_file()
    {
        // Arrange
        var path = _temp.File("buildinfo/hotspot.json", "{ \"product\": \"hotspot\", \"vers");

        // Act
        var read = BuildRecord.TryRead(path, _log);

        // Assert
        read.Should().BeNull();
        _log.Text.Should().Contain($"WARNING: {path} is not a readable build record").And.Contain("so it is built again");
    }

    [Fact]
    public void Buildinfo_lists_the_toolchains_in_a_stable_order_and_the_builder_with_its_digest()
    {
        // Act
        var text = Record().ToText();

        // Assert
        text.Should().Contain("toolchain: cmake 3.31.6\ntoolchain: gcc 15.2.1\n")
            .And.Contain($"submodule: 3rdparty/perfparser {new string('b', 40)} https://github.com/KDAB/perfparser.git\n")
            .And.Contain($"builder-image: buildkit-builder-fedora-43-hotspot-qt6:0123456789abcdef sha256:{new string('d', 64)}\n");
    }
}
