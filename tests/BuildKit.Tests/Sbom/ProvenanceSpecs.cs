using System.Text.Json;
using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class ProvenanceSpecs
{
    private static readonly ProvenanceSubject[] Subjects =
    [
        new("hotspot-1.6.0-1.fc43.x86_64.rpm", new string('1', 64)),
        new("hotspot-debuginfo-1.6.0-1.fc43.x86_64.rpm", new string('2', 64)),
        new("hotspot-1.6.0-1.fc43.src.rpm", new string('3', 64)),
    ];

    private static readonly BuildInvocation Invocation = new("./build.sh --products=hotspot --target=Verify",
        new Dictionary<string, string> { ["products"] = "hotspot", ["target"] = "Verify" },
        new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 2, 3, 30, TimeSpan.Zero));

    [Fact]
    public void The_statement_validates_as_in_toto_v1_with_a_slsa_v1_predicate_and_names_every_package_by_its_sha256()
    {
        // Act
        var json = Provenance.Write(SbomFixture.Record("hotspot"), Subjects, Invocation);

        // Assert
        var statement = JsonDocument.Parse(json).RootElement;
        SchemaCheck.Errors(SchemaCheck.Statement, statement).Should().BeEmpty();
        SchemaCheck.Errors(SchemaCheck.SlsaProvenance, statement.GetProperty("predicate")).Should().BeEmpty();
        statement.GetProperty("predicateType").GetString().Should().Be("https://slsa.dev/provenance/v1");
        statement.GetProperty("subject").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()} {s.GetProperty("digest").GetProperty("sha256").GetString()}")
            .Should().BeEquivalentTo(Subjects.Select(s => $"{s.Name} {s.Sha256}"));
    }

    [Fact]
    public void The_build_definition_names_the_upstream_commit_its_sources_the_builder_image_and_the_command()
    {
        // Act
        var predicate = JsonDocument.Parse(Provenance.Write(SbomFixture.Record("hotspot"), Subjects, Invocation)).RootElement.GetProperty("predicate");

        // Assert
        var definition = predicate.GetProperty("buildDefinition");
        definition.GetProperty("externalParameters").GetProperty("command").GetString().Should().Be(Invocation.Command);
        definition.GetProperty("externalParameters").GetProperty("patchSet").GetString().Should().Be("none");
        definition.GetProperty("internalParameters").GetProperty("toolchains").GetProperty("go").GetString().Should().Be("1.25.1");
        definition.GetProperty("resolvedDependencies").EnumerateArray().Select(d => d.GetProperty("uri").GetString()).Should().Equal(
            $"git+https://github.com/grafana/hotspot.git@{new string('a', 40)}",
            $"git+https://github.com/KDAB/perfparser.git@{new string('b', 40)}",
            $"git+https://git.example.org/kdab/KDDockWidgets.git@{new string('f', 40)}",
            "docker-image:buildkit-builder-fedora-43-hotspot:0123456789abcdef");
        predicate.GetProperty("runDetails").GetProperty("metadata").GetProperty("finishedOn").GetString().Should().Be("2026-11-29T02:03:30Z");
    }
}
