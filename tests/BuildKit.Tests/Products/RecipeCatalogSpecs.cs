using BuildKit.Configuration;
using BuildKit.Products;

namespace BuildKit.Tests.Products;

public sealed class RecipeCatalogSpecs
{
    private static ProductDefinition Product(string yaml) =>
        ProductsFile.Parse(yaml, "/work/buildkit/specs/products.yaml").Products.Single();

    [Fact]
    public void An_unknown_recipe_names_the_entry_and_lists_the_recipes_there_are()
    {
        // Act
        var act = () => RecipeCatalog.For(Product("products:\n  foo: { repo: x, ref: main, recipe: cargo, spec: foo.spec }\n"));

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage("/work/buildkit/specs/products.yaml:2: products.foo.recipe is 'cargo'*Use one of: grafana, hotspot, cmake, make, go.");
    }

    [Fact]
    public void A_conventional_build_needs_no_recipe_of_its_own()
    {
        // Act
        var recipe = RecipeCatalog.For(Product("products:\n  hello: { repo: x, ref: main, recipe: cmake, spec: hello.spec, options: -DGREETING=hi }\n"));

        // Assert
        recipe.Should().BeOfType<GenericRecipe>();
        recipe.Name.Should().Be("cmake");
    }

    [Fact]
    public void Options_for_a_product_with_its_own_recipe_are_refused()
    {
        // Act
        var act = () => RecipeCatalog.For(Product("products:\n  hotspot: { repo: x, ref: main, recipe: hotspot, spec: hotspot.spec, options: -DX=1 }\n"));

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("*options:, packages: and smoke: belong to the generic recipes*Remove them from products.hotspot.");
    }
}
