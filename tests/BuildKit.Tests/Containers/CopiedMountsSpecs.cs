using System.Collections.Immutable;
using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Tests.Containers;

public sealed class CopiedMountsSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly RecordingProcessRunner _runner = new();

    public CopiedMountsSpecs()
    {
        _temp.File("tree/main.c", "int main(void) { return 0; }\n");
        _temp.File("specs/hello.spec", "Name: hello\n");
        // The container's listing digests: the tree's and the specs' after they are copied in, then the tree's after a step.
        _runner.Answer("' sh /src", standardOutput: "tree-as-copied\n").Answer("' sh /src /specs", standardOutput: "tree-as-copied\nspecs-as-copied\n");
    }

    public void Dispose() => _temp.Dispose();

    private ContainerStep Step(string name) => new ContainerStep(new LogStep("hello", name), "builder:1", "make", "/src")
        .WithMount(_temp.Combine("tree"), "/src").WithMount(_temp.Combine("specs"), "/specs", readOnly: true);

    private ContainerRunner Containers() =>
        new(new ContainerEngine("docker") { Remote = true }, _runner, HostUser.Root, null, [], ImmutableDictionary<string, string>.Empty);

    private IEnumerable<string> Copies => _runner.Rendered.Where(c => c.StartsWith("docker cp ", StringComparison.Ordinal));

    [Fact]
    public async Task On_a_remote_engine_a_step_gets_its_folders_copied_in_instead_of_mounted_and_nothing_comes_back_when_it_changed_nothing()
    {
        // Arrange
        await using var container = await Containers().StartAsync(Step("build"), CancellationToken.None);

        // Act
        await container.RunAsync(Step("build"), CancellationToken.None);

        // Assert
        _runner.Rendered.Single(c => c.Contains(" run --detach ", StringComparison.Ordinal)).Should().NotContain("--volume");
        Copies.Should().Equal(
            $"docker cp {_temp.Combine("tree")}/. {container.Name}:/src",
            $"docker cp {_temp.Combine("specs")}/. {container.Name}:/specs");
        _runner.Rendered.Should().Contain(c => c.Contains("chown -R \"$OWNER\"", StringComparison.Ordinal) && c.Contains("--env OWNER=0:0", StringComparison.Ordinal),
            "the copies are the caller's inside, as a bind mount's files are");
    }

    [Fact]
    public async Task A_folder_the_step_changed_comes_back_whole_and_a_folder_changed_on_this_machine_goes_in_again_before_the_next_step()
    {
        // Arrange
        await using var container = await Containers().StartAsync(Step("build"), CancellationToken.None);
        await container.RunAsync(Step("build"), CancellationToken.None);
        _temp.File("tree/stale.o", "left by an earlier build");
        _runner.Answer("' sh /src", standardOutput: "tree-after-the-step\n").Answer("OWNER=0:0", standardOutput: "tree-as-copied\n");

        // Act
        await container.RunAsync(Step("build"), CancellationToken.None);

        // Assert
        Copies.Skip(2).Should().Equal(
            $"docker cp {_temp.Combine("tree")}/. {container.Name}:/src",
            $"docker cp {container.Name}:/src/. {_temp.Combine("tree")}");
        Directory.EnumerateFileSystemEntries(_temp.Combine("tree")).Should().BeEmpty("the folder is emptied before the container's copy comes back, so what the step deleted is gone here too");
        File.Exists(_temp.Combine("specs", "hello.spec")).Should().BeTrue("a folder the step only reads never comes back");
    }

    [Fact]
    public void A_folder_keeps_its_listing_digest_until_a_file_in_it_changes()
    {
        // Arrange
        var before = CopiedMounts.HostDigest(_temp.Combine("tree"));

        // Act
        var again = CopiedMounts.HostDigest(_temp.Combine("tree"));
        File.AppendAllText(_temp.Combine("tree", "main.c"), "// one more line\n");
        var after = CopiedMounts.HostDigest(_temp.Combine("tree"));

        // Assert
        again.Should().Be(before);
        after.Should().NotBe(before);
    }
}
