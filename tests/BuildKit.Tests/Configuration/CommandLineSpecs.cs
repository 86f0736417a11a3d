using BuildKit.Pipeline;

namespace BuildKit.Tests.Configuration;

public sealed class CommandLineSpecs
{
    [Theory]
    [InlineData(new[] { "HOTSPOT" }, "'HOTSPOT' is not an option: did you mean `--products=hotspot`?")]
    [InlineData(new[] { "grafana", "hotspot" }, "'grafana' is not an option: did you mean `--products=grafana,hotspot`?")]
    [InlineData(new[] { "publish" }, "'publish' is not an option: did you mean `--target=Publish`?")]
    [InlineData(new[] { "grafana-ref=main" }, "'grafana-ref=main' is not an option: did you mean `--grafana-ref=main`?")]
    [InlineData(new[] { "nope" }, "'nope' is not an option. Options are written --name=value, a flag as --name; ./build.sh --help lists them.")]
    public void A_bare_word_is_answered_with_the_option_it_probably_meant(string[] words, string message)
    {
        // Act
        var error = CommandLine.BareWord(words, PlanFixture.Products());

        // Assert
        error.Message.Should().StartWith(message);
        error.ExitCode.Should().Be(2);
    }

    [Fact]
    public void Only_what_follows_the_first_double_dash_is_handed_on()
    {
        // Act
        var handedOn = CommandLine.HandedOn(["Cake.dll", "build/build.cake", "--products=hotspot", "--", "--help", "--"]);

        // Assert
        handedOn.Should().Equal("--help", "--");
    }
}
