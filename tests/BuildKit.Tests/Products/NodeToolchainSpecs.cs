using BuildKit.Products;

namespace BuildKit.Tests.Products;

public sealed class NodeToolchainSpecs
{
    [Theory]
    [InlineData(">=10 <11", "10.24.1", true)]
    [InlineData(">=10 <11", "11.0.0", false)]
    [InlineData(">=10 <11", "8.17.0", false)]
    [InlineData(">= 18", "20.19.2", true)]
    [InlineData("^16.14.0 || >=18", "16.20.2", true)]
    [InlineData("^16.14.0 || >=18", "17.9.1", false)]
    [InlineData("~10.14", "10.14.2", true)]
    [InlineData("~10.14", "10.15.0", false)]
    [InlineData("10.x", "10.0.0", true)]
    [InlineData("10", "11.1.0", false)]
    [InlineData("10.24.1", "10.24.1", true)]
    [InlineData("10.24.1", "10.24.2", false)]
    [InlineData("8 - 10", "10.9.0", true)]
    [InlineData("8 - 10", "11.0.0", false)]
    [InlineData(">8.9", "8.10.0", true)]
    [InlineData("<=20", "20.99.0", true)]
    [InlineData("*", "4.0.0", true)]
    public void A_node_range_is_read_as_npm_reads_engines_node(string range, string version, bool satisfied)
    {
        // Act
        var result = NodeRange.TryParse(range)!.IsSatisfiedBy(version);

        // Assert
        result.Should().Be(satisfied);
    }

    [Fact]
    public void Text_that_is_no_range_is_not_read_as_one()
    {
        // Act
        var range = NodeRange.TryParse("lts/hydrogen");

        // Assert
        range.Should().BeNull();
    }

    [Theory]
    [InlineData("v18.13.0", null, "18.20.4", true)]
    [InlineData("v18.13.0", null, "18.12.1", false)]
    [InlineData("v18.13.0", null, "20.19.2", false)]
    [InlineData(null, ">=10 <11", "18.20.4", false)]
    [InlineData("v10.14.1", ">=10 <11", "10.24.1", true)]
    public void The_builders_node_passes_when_it_is_nvmrcs_major_and_no_older_and_within_the_engines(string? nvmrc, string? engines, string builder, bool accepted)
    {
        // Arrange
        var pin = new NodeToolchain(nvmrc is null ? null : NodeRange.TryParse(nvmrc.TrimStart('v')), engines is null ? null : NodeRange.TryParse(engines));

        // Act
        var result = pin.Accepts(builder);

        // Assert
        result.Should().Be(accepted);
    }

    [Theory]
    [InlineData("10.14.1", ">=10 <11", "^10.14.1")]
    [InlineData("12", ">=10 <11", ">=10 <11")]
    [InlineData(null, ">=10 <11", ">=10 <11")]
    [InlineData("24", null, "^24")]
    public void The_installed_node_is_the_newest_of_nvmrcs_major_when_the_engines_allow_it_and_else_the_newest_the_engines_allow(string? nvmrc, string? engines, string install)
    {
        // Arrange
        var pin = new NodeToolchain(nvmrc is null ? null : NodeRange.TryParse(nvmrc), engines is null ? null : NodeRange.TryParse(engines));

        // Act
        var result = pin.Install;

        // Assert
        result.Should().Be(install);
    }

    [Fact]
    public void The_pin_is_read_from_nvmrc_and_engines_node_and_named_with_both()
    {
        // Arrange
        using var temp = TempDir.Create();
        temp.File(".nvmrc", "v10.14.1\n");
        temp.File("package.json", """{ "engines": { "node": ">=10 <11" } }""");

        // Act
        var pin = NodeToolchain.Of(temp.Path)!;

        // Assert
        pin.Source.Should().Be(".nvmrc 10.14.1 and engines.node '>=10 <11' in package.json");
        pin.Install.Should().Be("^10.14.1");
    }
}
