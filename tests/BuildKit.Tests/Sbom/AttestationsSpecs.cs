using System.Text.Json;
using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class AttestationsSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Each_rpm_gets_an_sbom_with_its_digest_and_the_build_one_provenance_naming_every_package_and_the_srpm()
    {
        // Arrange
        var rpm = _temp.File("rpms/hotspot-1.6.0-1.fc43.x86_64.rpm", "the package");
        var debugInfo = _temp.File("rpms/hotspot-debuginfo-1.6.0-1.fc43.x86_64.rpm", "its debug information");
        var srpm = _temp.File("srpms/hotspot-1.6.0-1.fc43.src.rpm", "its source");
        var sbom = new BuildSbom(SbomFixture.Record("hotspot"), "GPL-2.0-or-later", []);
        var invocation = new BuildInvocation("./build.sh", new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        // Act
        var written = await Attestations.WriteAsync(sbom, [(debugInfo, "hotspot-debuginfo"), (rpm, "hotspot")], [srpm], _temp.Combine("attestations"), invocation, CancellationToken.None);

        // Assert
        written.Select(Path.GetFileName).Should().Equal(
            "hotspot-debuginfo-1.6.0-1.fc43.x86_64.spdx.json", "hotspot-1.6.0-1.fc43.x86_64.spdx.json", "hotspot-1.6.0-1.fc43.x86_64.intoto.json");
        File.ReadAllText(written[1]).Should().Contain($"\"checksumValue\": \"{Hashing.FileSha256(rpm)}\"").And.Contain("\"name\": \"hotspot\"");
        JsonDocument.Parse(File.ReadAllText(written[2])).RootElement.GetProperty("subject").EnumerateArray()
            .Select(s => s.GetProperty("digest").GetProperty("sha256").GetString()).Should().BeEquivalentTo(new[] { rpm, debugInfo, srpm }.Select(Hashing.FileSha256));
    }

    [Theory]
    [InlineData("hotspot-1.6.0-1.fc43.x86_64.spdx.json", true)]
    [InlineData("hotspot-1.6.0-1.fc43.x86_64.spdx.json.asc", true)]
    [InlineData("hotspot-1.6.0-1.fc43.x86_64.intoto.json.asc", true)]
    [InlineData("hotspot-1.6.0-1.fc43.x86_64.rpm", false)]
    [InlineData("hotspot-1.6.0-1.fc43.x86_64.buildinfo.json", false)]
    [InlineData("hotspot-1.6.0.tar.gz", false)]
    public void A_publish_takes_the_sboms_the_provenance_and_their_signatures_of_a_record_besides_its_packages(string name, bool taken)
    {
        // Act
        var isAttestation = Attestations.Are(name);

        // Assert
        isAttestation.Should().Be(taken);
    }
}
