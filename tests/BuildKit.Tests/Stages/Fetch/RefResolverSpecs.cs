using System.Collections.Immutable;
using BuildKit.Processes;
using BuildKit.Stages.Fetch;

namespace BuildKit.Tests.Stages.Fetch;

public sealed class RefResolverSpecs : IDisposable
{
    private static readonly LogStep Step = new("hotspot", "fetch");
    private static readonly string Commit = new('c', 40);
    private readonly TempDir _temp = TempDir.Create();
    private readonly RecordingProcessRunner _runner = new();

    public void Dispose() => _temp.Dispose();

    private Task<ResolvedRef> ResolveAsync(string requested)
    {
        var git = new GitSettings(ImmutableDictionary<string, string>.Empty, null, GitSettings.DefaultRemoteTimeout);
        var resolver = new RefResolver(new MirrorCache(_temp.Path, git, _runner, new RecordingLog()), git, _runner);
        return resolver.ResolveAsync(_temp.Combine("mirror.git"), "https://example.com/hotspot.git", requested, null, Step, CancellationToken.None);
    }

    [Fact]
    public async Task A_branch_is_resolved_with_one_git_process_that_asks_for_the_tag_and_the_branch_of_that_name()
    {
        // Arrange
        _runner.Answer("batch-check", standardOutput: $"refs/tags/main^{{commit}} missing\n{Commit} commit\n");

        // Act
        var resolved = await ResolveAsync("main");

        // Assert
        resolved.Should().Be(new ResolvedRef("main", RefKind.Branch, Commit));
        _runner.Commands.Should().ContainSingle().Which.StandardInput.Should().Be("refs/tags/main^{commit}\nrefs/heads/main^{commit}\n");
    }

    [Fact]
    public async Task A_tag_wins_over_a_branch_of_the_same_name()
    {
        // Arrange
        var branch = new string('b', 40);
        _runner.Answer("batch-check", standardOutput: $"{Commit} commit\n{branch} commit\n");

        // Act
        var resolved = await ResolveAsync("v1.0");

        // Assert
        resolved.Should().Be(new ResolvedRef("v1.0", RefKind.Tag, Commit));
    }

    [Fact]
    public async Task A_name_that_is_neither_tag_nor_branch_nor_commit_is_named_with_the_closest_refs()
    {
        // Arrange
        _runner.Answer("batch-check", standardOutput: "refs/tags/mian^{commit} missing\nrefs/heads/mian^{commit} missing\n")
            .Answer("for-each-ref", standardOutput: "refs/heads/main\nrefs/tags/v1.0\n");

        // Act
        var act = () => ResolveAsync("mian");

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>())
            .WithMessage("The ref 'mian' does not exist in https://example.com/hotspot.git: *Closest branches: main. Closest tags: v1.0.");
    }
}
