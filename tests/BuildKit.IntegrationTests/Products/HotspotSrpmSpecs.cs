using BuildKit.Configuration;
using BuildKit.Stages.Package;
using BuildKit.Versioning;

namespace BuildKit.IntegrationTests.Products;

/// <summary>The SRPM of hotspot carries the Qt choice and the version BuildKit built with, so a rebuild of it elsewhere makes the same.</summary>
public sealed class HotspotSrpmSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    [ToolTheory("rpmbuild", "rpm", "rpmspec")]
    [InlineData(true, "qt6-qtbase-devel", "qt5-qtbase-devel")]
    [InlineData(false, "qt5-qtbase-devel", "qt6-qtbase-devel")]
    public async Task The_srpm_requires_the_qt_the_build_chose_and_a_rebuild_of_it_reads_the_same_choice_and_version(bool qt6, string chosen, string other)
    {
        // Arrange
        var top = _temp.Combine("rpmbuild");
        _temp.File("rpmbuild/SOURCES/hotspot-0.9.0.tar.gz", "");
        _temp.File("rpmbuild/SOURCES/BUILDINFO", "");
        _temp.File($"rpmbuild/SOURCES/{Paths.ConditionalsFile}", RpmPackager.Conditionals(qt6 ? ["--with", "qt6"] : []));
        _temp.File($"rpmbuild/SOURCES/{Paths.BundledFile}", "");
        _temp.File($"rpmbuild/SOURCES/{Paths.SbomFile}", "{}");
        _temp.File($"rpmbuild/SOURCES/{Paths.DefinesFile}", RpmPackager.Defines(new PackageVersion(null, "0.9.0", 3, VersionKind.Release, "tag"), []));
        _temp.File($"rpmbuild/SOURCES/{Paths.ChangelogFile}", "* Sat Nov 28 2026 BuildKit <buildkit@localhost> - 0.9.0-1\n- a change (0123abc)\n");
        var specs = Path.Combine(Repository.Root, "specs");

        // Act
        await Rpm.RunAsync("rpmbuild", "-bs", "--define", $"_topdir {top}", "--define", "buildkit_version 0.9.0", "--define", "buildkit_release 3",
            "--load", Path.Combine(specs, Paths.MacrosFile), "--define", $"_buildkit_specs {specs}", Path.Combine(specs, "hotspot.spec"));
        var srpm = Directory.GetFiles(Path.Combine(top, "SRPMS"), "*.src.rpm").Single();
        var requires = await Rpm.QueryAsync("-qpR", srpm);
        var rebuildTop = _temp.Combine("rebuild");
        await Rpm.RunAsync("rpm", "-i", "--dbpath", _temp.Combine("rpmdb"), "--define", $"_topdir {rebuildTop}", srpm);
        var rebuildRequires = await Rpm.RunAsync("rpmspec", "-q", "--buildrequires", "--define", $"_topdir {rebuildTop}",
            "--load", Path.Combine(specs, Paths.MacrosFile), "--define", $"_buildkit_specs {specs}", Path.Combine(rebuildTop, "SPECS", "hotspot.spec"));
        var rebuildVersion = await Rpm.RunAsync("rpmspec", "-q", "--srpm", "--queryformat", "%{VERSION}-%{RELEASE}", "--define", $"_topdir {rebuildTop}",
            "--load", Path.Combine(specs, Paths.MacrosFile), "--define", $"_buildkit_specs {specs}", Path.Combine(rebuildTop, "SPECS", "hotspot.spec"));

        // Assert
        requires.Should().Contain(chosen).And.NotContain(other);
        rebuildRequires.Should().Contain(chosen).And.NotContain(other);
        rebuildVersion.Trim().Should().Be("0.9.0-3", "the SRPM carries the version and release it was built as, not the spec's defaults");
        (await Rpm.QueryAsync("-qp", "--changelog", srpm)).Should().Contain("- a change (0123abc)", "the SRPM carries the build's changelog");
    }
}
