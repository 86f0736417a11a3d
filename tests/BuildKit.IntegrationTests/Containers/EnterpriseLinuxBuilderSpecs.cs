using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Stages.Provision;

namespace BuildKit.IntegrationTests.Containers;

/// <summary>
/// No Enterprise Linux image is reachable here, so the dnf Containerfile runs on the Debian base image with dnf, gem and
/// update-ca-trust standing in as scripts that write down how they were called: Docker reads and runs the real file
/// through the real provisioner, and the record says what an AlmaLinux base would have been asked to do, in which order.
/// </summary>
public sealed class EnterpriseLinuxBuilderSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();
    private readonly ProcessRunner _runner = new(new RecordingLog());
    private readonly ContainerEngine _engine = new("docker");
    private readonly List<string> _images = [];

    public void Dispose()
    {
        foreach (var image in _images)
            _runner.RunAsync(new ToolCommand("docker", "image", "rm", "--force", image) with { Quiet = true, AcceptsFailure = true }).GetAwaiter().GetResult();
        _temp.Dispose();
    }

    /// <summary>The Debian base image with the stand-ins on PATH, tagged for this test alone.</summary>
    private async Task<string> StandInBaseAsync()
    {
        var tag = $"buildkit-test-dnf-stand-in:{Guid.NewGuid():N}";
        _images.Add(tag);
        var standIn = _temp.File("base/stand-in", "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> /stand-in.log\n");
        File.SetUnixFileMode(standIn, (UnixFileMode)0b111_101_101);
        _temp.File("base/Containerfile", $"FROM {Docker.BaseImage}\n" +
            string.Concat(new[] { "dnf", "gem", "update-ca-trust" }.Select(tool => $"COPY stand-in /usr/local/bin/{tool}\n")));
        await _runner.RunAsync(new ToolCommand("docker", "build", "--quiet", "--tag", tag, "--file", _temp.Combine("base", "Containerfile"), _temp.Combine("base")).WithEnvironment("DOCKER_BUILDKIT", "0") with { Quiet = true });
        return tag;
    }

    private async Task<string[]> CallsAsync(string distribution, string baseImage)
    {
        var target = Distribution.Named(distribution, "tests");
        var image = new BuilderImage(target, new HotspotRecipe().Toolset(target, _temp.Path, Packager.Rpmbuild), baseImage,
            Path.Combine(Repository.Root, "containers", "dnf", "Containerfile"), null, null);
        var built = await new BuilderProvisioner(_engine, _runner).EnsureAsync(image, rebuild: false, _temp.Path, new LogStep("tests", "provision"), CancellationToken.None);
        _images.Add(built.Tag);
        var log = await _runner.RunAsync(new ToolCommand("docker", "run", "--rm", built.Tag, "cat", "/stand-in.log") with { Quiet = true });
        return log.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [DockerFact]
    public async Task The_dnf_containerfile_enables_crb_and_epel_on_enterprise_linux_before_installing_its_packages_and_not_on_fedora()
    {
        // Arrange
        var standIn = await StandInBaseAsync();

        // Act
        var el9 = await CallsAsync("el9", standIn);
        var fedora = await CallsAsync("fedora-43", standIn);

        // Assert
        el9.Should().HaveCount(7);
        el9[0].Should().Be("dnf -y install --setopt=install_weak_deps=False dnf-plugins-core epel-release");
        el9[1].Should().Be("dnf config-manager --set-enabled crb");
        el9[3].Should().StartWith("dnf -y install --setopt=install_weak_deps=False git-core rpm-build rpmlint rpmdevtools dnf-plugins-core ")
            .And.NotContain("dnf5-plugins").And.NotContain("ninja-build");
        el9[5].Should().StartWith("dnf -y install --setopt=install_weak_deps=False ").And.Contain(" ninja-build ").And.Contain(" kf5-kio-devel").And.NotContain(" rpm-build ");
        fedora.Should().NotContain(call => call.Contains("epel-release") || call.Contains("config-manager"));
        fedora[0].Should().Contain(" dnf5-plugins ");
    }
}
