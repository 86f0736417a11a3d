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
}
