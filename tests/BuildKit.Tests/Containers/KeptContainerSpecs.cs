using System.Collections.Immutable;
using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Tests.Containers;

public sealed class KeptContainerSpecs
{
    private static readonly ContainerStep Build = new ContainerStep(new LogStep("hotspot", "container"), "builder:1", "", "/src")
        .WithMount("/work/tree", "/src").WithMount("/work/stage", "/stage") with { UsesCaches = true };

    private static readonly ContainerMount[] Later = [new("/work/rpmbuild", "/rpmbuild"), new("/work/specs", "/buildkit/specs", ReadOnly: true)];

    private static ContainerStep Step(string name, params ContainerMount[] mounts) =>
        new ContainerStep(new LogStep("hotspot", name), "builder:1", "true", "/") with { Mounts = [.. mounts] };

    private static ContainerRunner Runner(RecordingProcessRunner runner, ContainerRemovals removals) =>
        new(new ContainerEngine("docker"), runner, HostUser.Root, null, [], ImmutableDictionary<string, string>.Empty, removals);

    [Fact]
    public void A_step_fits_a_container_that_mounts_every_folder_it_asks_for_where_it_asks_for_it_and_runs_the_same_image()
    {
        // Arrange
        var kept = Build with { Mounts = Build.Mounts.AddRange(Later) };

        // Act
        var fits = new Dictionary<string, bool>
        {
            ["reads the stage"] = kept.Serves(Step("sbom", new ContainerMount("/work/stage", "/stage", ReadOnly: true))),
            ["writes the rpmbuild tree"] = kept.Serves(Step("package", new ContainerMount("/work/rpmbuild", "/rpmbuild"), new ContainerMount("/work/stage", "/stage", ReadOnly: true))),
            ["writes into a read-only mount"] = kept.Serves(Step("write", new ContainerMount("/work/specs", "/buildkit/specs"))),
            ["another folder at a known place"] = kept.Serves(Step("other", new ContainerMount("/elsewhere", "/stage", ReadOnly: true))),
            ["a folder the container lacks"] = kept.Serves(Step("lint", new ContainerMount("/work/rpms", "/packages/x", ReadOnly: true))),
            ["another image"] = kept.Serves(Step("sbom") with { Image = "builder:2" }),
            ["as root"] = kept.Serves(Step("install") with { AsRoot = true }),
        };

        // Assert
        fits.Should().Equal(new Dictionary<string, bool>
        {
            ["reads the stage"] = true, ["writes the rpmbuild tree"] = true, ["writes into a read-only mount"] = false, ["another folder at a known place"] = false,
            ["a folder the container lacks"] = false, ["another image"] = false, ["as root"] = false,
        });
    }

    [Fact]
    public async Task A_later_step_runs_by_exec_in_the_kept_build_container_and_the_run_removes_it_as_it_ends()
    {
        // Arrange
        var runner = new RecordingProcessRunner();
        var removals = new ContainerRemovals();
        var containers = Runner(runner, removals);
        var build = await containers.StartKeptAsync(Build, Later, CancellationToken.None);

        // Act
        await containers.RunAsync(Step("package", new ContainerMount("/work/rpmbuild", "/rpmbuild"), new ContainerMount("/work/stage", "/stage", ReadOnly: true)), CancellationToken.None);
        await containers.RunAsync(Step("install") with { AsRoot = true }, CancellationToken.None);
        var beforeTheEnd = runner.Rendered.Count(c => c.Contains(" rm --force " + build.Name, StringComparison.Ordinal));
        await removals.WaitAsync();

        // Assert
        var starts = runner.Rendered.Where(c => c.Contains("docker run ", StringComparison.Ordinal)).ToList();
        starts.Should().HaveCount(2, "the build's container, and a clean one for the install test");
        starts[0].Should().Contain("--volume /work/rpmbuild:/rpmbuild:rw,z").And.Contain("--volume /work/specs:/buildkit/specs:ro,z");
        runner.Rendered.Should().Contain(c => c.Contains($"exec --user 0:0 --workdir / {build.Name} bash -c", StringComparison.Ordinal), "package ran in the build's container");
        beforeTheEnd.Should().Be(0, "later stages may still need it");
        runner.Rendered.Should().ContainSingle(c => c.EndsWith("rm --force " + build.Name, StringComparison.Ordinal));
    }
}
