using BuildKit.Products;
using BuildKit.Stages.Fetch;
using BuildKit.Versioning;
using BuildKit.Stages.Package;

namespace BuildKit.Tests.Stages.Package;

public sealed class RpmPackagerSpecs
{
    [Theory]
    [InlineData(new[] { "--with", "qt6" }, "qt6 1\n")]
    [InlineData(new[] { "--without", "qt6", "--with", "x11" }, "qt6 0\nx11 1\n")]
    [InlineData(new[] { "--define", "foo 1" }, "")]
    [InlineData(new string[0], "")]
    public void The_recipe_conditionals_become_the_name_value_lines_the_spec_reads_from_the_srpm(string[] options, string expected)
    {
        // Act
        var text = RpmPackager.Conditionals(options);

        // Assert
        text.Should().Be(expected);
    }

    [Fact]
    public void The_version_release_and_bundled_libraries_become_the_defines_the_srpm_carries()
    {
        // Arrange
        var version = new PackageVersion(null, "1.4.1", 2, VersionKind.Release, "tag");
        var kdDockWidgets = new BundledSource(new BundledDependency("kddockwidgets", "https://github.com/KDAB/KDDockWidgets.git", "v1.7.0", "true"), "abc", "/tree", []);

        // Act
        var plain = RpmPackager.Defines(version, []);
        var bundled = RpmPackager.Defines(version, [kdDockWidgets]);

        // Assert
        plain.Should().Be("buildkit_version 1.4.1\nbuildkit_release 2\n");
        bundled.Should().Be("buildkit_version 1.4.1\nbuildkit_release 2\nbuildkit_bundled kddockwidgets=1.7.0\n");
    }
}
