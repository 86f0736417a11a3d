using BuildKit.Configuration;

namespace BuildKit.Tests.Configuration;

public sealed class BuildArgumentsSpecs
{
    [Fact]
    public void Options_are_read_whatever_their_case_and_cake_switches_are_left_to_cake()
    {
        // Act
        var arguments = PlanFixture.Parse("--Products=HOTSPOT", "--verbosity=diagnostic", "--allow-downgrade", "--GRAFANA-REF=main");

        // Assert
        arguments.Products.Should().Equal("hotspot");
        arguments.AllowDowngrade.Should().BeTrue();
        arguments.Overrides["grafana"].Ref.Should().Be("main");
    }

    [Theory]
    [InlineData("--grafana-branch=main")]
    [InlineData("--grafana-branch")]
    public void An_unknown_option_with_or_without_a_value_is_named_with_the_options_there_are(string option)
    {
        // Act
        var act = () => PlanFixture.Parse(option);

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage("Unknown option '--grafana-branch'. Known options: --target, --products,*--grafana-ref*--hotspot-version-from. See README.md, 'Options'.");
    }

    [Fact]
    public void An_unknown_product_names_the_products_in_the_file()
    {
        // Act
        var act = () => PlanFixture.Parse("--products=grafana,nope");

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage("Unknown product 'nope' in --products. Products in /work/buildkit/specs/products.yaml: grafana, hotspot.");
    }

    [Theory]
    [InlineData("--release=0")]
    [InlineData("--release=two")]
    [InlineData("--release=-1")]
    public void A_release_that_is_not_a_positive_number_is_rejected(string option)
    {
        // Act
        var act = () => PlanFixture.Parse(option);

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("--release=* is not a positive whole number. Use e.g. --release=2.");
    }

    [Fact]
    public void An_option_that_needs_a_value_says_so()
    {
        // Act
        var act = () => PlanFixture.Parse("--hotspot-ref");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("--hotspot-ref needs a value, e.g. --hotspot-ref=VALUE.");
    }

    [Fact]
    public void Mirror_options_add_to_the_files_mirrors_and_win_on_the_same_prefix()
    {
        // Arrange
        var file = PlanFixture.Products("mirrors:\n  \"https://github.com/\": \"https://old.example.com/\"\n" + PlanFixture.ProductsYaml);

        // Act
        var arguments = BuildArguments.Parse(PlanFixture.Args("--mirror=https://github.com/=file:///srv/git/,https://gitlab.com/=file:///srv/gl/"), file);
        var plan = BuildKit.Pipeline.StageRunner.Plan(file, arguments, EnvironmentSnapshot.Empty, PlanFixture.Now, PlanFixture.Paths);

        // Assert
        plan.Mirrors.Should().Equal(new Dictionary<string, string>
        {
            ["https://github.com/"] = "file:///srv/git/",
            ["https://gitlab.com/"] = "file:///srv/gl/",
        });
    }

    [Fact]
    public void A_mirror_option_without_a_replacement_is_rejected()
    {
        // Act
        var act = () => PlanFixture.Parse("--mirror=https://github.com/");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("--mirror=https://github.com/: each entry must be FROM=TO*");
    }

    [Fact]
    public void A_yes_no_flag_rejects_other_words()
    {
        // Act
        var act = () => PlanFixture.Parse("--allow-downgrade=maybe");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("--allow-downgrade=maybe is not a yes/no value*");
    }
}
