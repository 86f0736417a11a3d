using BuildKit.Configuration;
using BuildKit.Pipeline;
using BuildKit.Stages;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Provision;
using BuildKit.Versioning;

namespace BuildKit.Tests.Stages.Provision;

public sealed class ProvisionStageSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly RecordingProcessRunner _runner = new();

    public void Dispose() => _temp.Dispose();

    private async Task<BuildKit.Containers.ProvisionedBuilder> ProvisionAsync(bool preflight = false)
    {
        var products = PlanFixture.Products();
        var paths = new Paths(Repository.Root) { Artifacts = _temp.Combine("artifacts") };
        var arguments = BuildArguments.Parse(PlanFixture.Args("--products=hotspot", "--distribution=debian-12", "--engine=docker", "--target=Provision"), products);
        var plan = StageRunner.Plan(products, arguments, EnvironmentSnapshot.Empty, PlanFixture.Now, paths);
        var run = new BuildRun(plan, paths, EnvironmentSnapshot.Empty, new RecordingLog(), _runner);
        var source = new FetchedSource("hotspot", "https://github.com/KDAB/hotspot.git", new ResolvedRef("v1.5.1", RefKind.Tag, new string('a', 40)), _temp.Path,
            [], PatchSet.None, new SourceFacts("v1.5.1", new string('a', 40), PlanFixture.Now, ["v1.5.1"]), []);
        if (preflight) await run.EngineAsync(CancellationToken.None);
        return await ProvisionStage.RunAsync(run, plan.Products.Single(), source, CancellationToken.None);
    }

    [Fact]
    public async Task A_builder_image_whose_content_hash_exists_is_reused_without_a_build()
    {
        // Arrange
        _runner.Answer("docker info", standardOutput: "20.10.24\n").Answer("docker image inspect", standardOutput: "sha256:" + new string('b', 64) + "\n");

        // Act
        var builder = await ProvisionAsync();

        // Assert
        builder.Reused.Should().BeTrue();
        builder.Tag.Should().MatchRegex("^buildkit-builder-debian-12-hotspot-qt5:[0-9a-f]{16}$");
        _runner.Rendered.Should().HaveCount(3).And.SatisfyRespectively(
            info => info.Should().StartWith("docker info"),
            orphans => orphans.Should().StartWith("docker ps --all --filter label=buildkit.owner"),
            inspect => inspect.Should().Be($"docker image inspect --format '{{{{.Id}}}}' {builder.Tag}"));
    }

    [Fact]
    public async Task The_engine_the_preflight_asked_is_not_asked_again_by_provision()
    {
        // Arrange
        _runner.Answer("docker info", standardOutput: "20.10.24\n").Answer("docker image inspect", standardOutput: "sha256:" + new string('b', 64) + "\n");

        // Act
        await ProvisionAsync(preflight: true);

        // Assert
        _runner.Rendered.Where(c => c.StartsWith("docker info", StringComparison.Ordinal)).Should().ContainSingle();
        _runner.Rendered.Should().NotContain(c => c.StartsWith("docker --version", StringComparison.Ordinal), "an engine that names its server version has said what it is");
        _runner.Rendered.Where(c => c.StartsWith("docker ps", StringComparison.Ordinal)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_missing_builder_image_is_built_from_the_family_containerfile_with_the_recipes_packages()
    {
        // Arrange
        _runner.Answer("docker info", standardOutput: "20.10.24\n").Answer("docker image inspect", exitCode: 1, standardError: "No such image");

        // Act
        var act = () => ProvisionAsync();

        // Assert
        (await act.Should().ThrowAsync<BuildKit.Containers.ContainerException>()).WithMessage("The builder image * was built but docker cannot find it.");
        var build = _runner.Rendered.Single(c => c.StartsWith("docker build", StringComparison.Ordinal));
        build.Should().Contain("--build-arg 'COMMON_PACKAGES=git rpm rpmlint").And.MatchRegex("--build-arg 'PACKAGES=[^']*qtbase5-dev").And.Contain("--build-arg BASE_IMAGE=debian:bookworm");
    }
}
