using BuildKit.IntegrationTests.Faults;

namespace BuildKit.IntegrationTests.Products;

public sealed class ChangelogBuildSpecs
{
    /// <summary>The hello spec with BuildKit's %changelog in place of its own, read as specs/grafana.spec and specs/hotspot.spec read it.</summary>
    private static string HelloSpec()
    {
        var spec = ThirdProductSpecs.HelloSpec.Replace("Source1:        BUILDINFO\n", "Source1:        BUILDINFO\nSource2:        buildkit.changelog\n");
        return spec[..spec.IndexOf("%changelog", StringComparison.Ordinal)]
            + "%changelog\n%{lua: local f = io.open(rpm.expand(\"%{SOURCE2}\")); if f then print(f:read(\"a\")); f:close() end}\n";
    }

    [DockerFact]
    public async Task The_changelog_of_a_build_lists_the_upstream_commits_since_the_build_before_it()
    {
        // Arrange
        using var w = new FaultWorkspace();
        var hello = await w.HelloAsync(spec: HelloSpec());
        await hello.CommitAsync("Add a NEWS file", ("NEWS", "news\n"));
        await hello.PushAsync();
        var first = await w.RunAsync(w.Options("--target=Package"));
        await hello.CommitAsync("Greet in French", ("hello.c", File.ReadAllText(Path.Combine(hello.Work, "hello.c")).Replace("hello, world", "bonjour")));
        await hello.CommitAsync("Say it twice", ("NOTES", "twice\n"));
        await hello.PushAsync();

        // Act
        var second = await w.RunAsync(w.Options("--target=Package"));
        var rpm = Directory.GetFiles(Path.Combine(w.Artifacts, "rpms", "debian-12"), "hello-1.2.0^20260301.120400*.x86_64.rpm").Single(f => !f.Contains("-debug"));
        var changelog = await Rpm.QueryAsync("-qp", "--changelog", rpm);

        // Assert
        first.ExitCode.Should().Be(0, first.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        changelog.Should().MatchRegex(@"^\* Sun Mar 01 2026 BuildKit <buildkit@localhost> - 1\.2\.0\^20260301\.120400\.git[0-9a-f]{7}-1\n- Say it twice \([0-9a-f]{7}\)\n- Greet in French \([0-9a-f]{7}\)\n*$",
            "the entry names the two commits made since the build before, not the one before that since v1.2.0, newest first, dated by the commit");
    }
}
