using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Stages.Provision;

namespace BuildKit.IntegrationTests.Containers;

/// <summary>
/// The Debian builder with the Grafana toolset (Go, Node, npm, C), provisioned once for all container tests from the
/// debootstrap base image; the first provisioning's time is kept so a test can compare the reuse against it.
/// </summary>
public sealed class BuilderFixture : IAsyncLifetime
{
    public static readonly Distribution Debian = Distribution.Named("debian-12", "tests");

    public ContainerEngine Engine { get; } = new("docker");
    public BuilderFixture() => Runner = new ProcessRunner(Log);

    /// <summary>Everything the fixture's commands printed, as a user would have seen it.</summary>
    public RecordingLog Log { get; } = new();

    public ProcessRunner Runner { get; }
    public ProvisionedBuilder Builder { get; private set; } = null!;

    public BuilderImage Image(string? containerfile = null, Toolset? toolset = null) => new(
        Debian,
        toolset ?? new GrafanaRecipe().Toolset(Debian, "", Packager.Rpmbuild),
        Docker.BaseImage,
        containerfile ?? Path.Combine(Repository.Root, "containers", "apt", "Containerfile"),
        null,
        null);

    public async Task InitializeAsync()
    {
        if (Docker.SkipReason is not null) return;
        Builder = await new BuilderProvisioner(Engine, Runner).EnsureAsync(Image(), rebuild: false, Path.GetTempPath(), new LogStep("tests", "provision"), CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
