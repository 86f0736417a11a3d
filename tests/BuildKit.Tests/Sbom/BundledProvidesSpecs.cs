using BuildKit.Configuration;
using BuildKit.Processes;
using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class BundledProvidesSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private static BuildSbom Sbom() => new(SbomFixture.Record(), "AGPL-3.0-only",
    [
        new(Ecosystem.Go, "github.com/beorn7/perks", "v1.0.1", "") { Licence = "MIT" },
        new(Ecosystem.Go, "golang.org/x/net", "v0.0.0-20190620200207-3b0461eec859", ""),
        new(Ecosystem.Npm, "@emotion/hash", "0.9.1", "") { Licence = "MIT" },
        new(Ecosystem.Npm, "rxjs", "7.8.1-beta.2", "") { Licence = "Apache-2.0" },
        new(Ecosystem.Npm, "typescript", "5.3.3", "") { Licence = "Apache-2.0 OR MIT", BuildOnly = true },
        new(Ecosystem.Source, "perfparser", new string('b', 40), "") { Licence = "GPL-3.0-only OR LicenseRef-KDAB-Commercial" },
        new(Ecosystem.Source, "kddockwidgets", "1.7.0", ""),
    ]);

    [Fact]
    public void Every_shipped_component_gets_a_bundled_provide_with_a_version_rpm_orders_as_upstream_does()
    {
        // Act
        var text = BundledProvides.Render(Sbom());

        // Assert
        text.Split('\n').Where(line => line.StartsWith("Provides:", StringComparison.Ordinal)).Should().Equal(
            "Provides: bundled(golang(github.com/beorn7/perks)) = 1.0.1",
            "Provides: bundled(golang(golang.org/x/net)) = 0.0.0~20190620200207~3b0461eec859",
            "Provides: bundled(npm(@emotion/hash)) = 0.9.1",
            "Provides: bundled(npm(rxjs)) = 7.8.1~beta.2",
            "Provides: bundled(perfparser)",
            "Provides: bundled(kddockwidgets) = 1.7.0");
    }

    [Fact]
    public void The_licence_macro_ands_the_shipped_components_licences_and_leaves_out_build_only_ones()
    {
        // Act
        var text = BundledProvides.Render(Sbom());

        // Assert
        text.Should().Contain($"%global {BundledProvides.LicenceMacro} (GPL-3.0-only OR LicenseRef-KDAB-Commercial) AND Apache-2.0 AND MIT\n");
        Sbom().PackageLicence.Should().Be("AGPL-3.0-only AND (GPL-3.0-only OR LicenseRef-KDAB-Commercial) AND Apache-2.0 AND MIT");
    }

    [ToolFact("rpmspec")]
    public async Task The_product_specs_take_the_provides_and_the_licence_from_the_file_and_read_as_before_without_it()
    {
        // Arrange
        var sources = _temp.Combine("SOURCES");
        _temp.File($"SOURCES/{Paths.BundledFile}", BundledProvides.Render(Sbom()));
        var runner = new ProcessRunner(new RecordingLog());
        Task<ProcessResult> Query(string spec, string query, string? sourceDir) => runner.RunAsync(new ToolCommand("rpmspec",
            ["-q", "--define", $"_sourcedir {sourceDir ?? _temp.Combine("none")}", "--define", "buildkit_version 1.0", .. query.Split(' '), Path.Combine(Repository.Root, "specs", spec)]) { Quiet = true });

        foreach (var spec in (string[])["grafana.spec", "hotspot.spec"])
        {
            // Act
            var provides = await Query(spec, "--provides", sources);
            var licence = await Query(spec, "--srpm --qf %{LICENSE}", sources);
            var without = await Query(spec, "--srpm --qf %{LICENSE}", null);

            // Assert
            provides.StandardOutput.Should().Contain("bundled(golang(github.com/beorn7/perks)) = 1.0.1").And.Contain("bundled(npm(@emotion/hash)) = 0.9.1")
                .And.Contain("bundled(perfparser)\n").And.NotContain("typescript");
            licence.StandardOutput.Trim().Should().EndWith("AND (GPL-3.0-only OR LicenseRef-KDAB-Commercial) AND Apache-2.0 AND MIT");
            without.StandardOutput.Trim().Should().Be(Inventory.SpecLicence(Path.Combine(Repository.Root, "specs", spec)));
        }
    }
}
