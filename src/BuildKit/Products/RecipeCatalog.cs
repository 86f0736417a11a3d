using System.Collections.Immutable;
using BuildKit.Configuration;

namespace BuildKit.Products;

/// <summary>The recipes a products file may name: the products with a recipe of their own, and the generic build systems.</summary>
public static class RecipeCatalog
{
    private static readonly ImmutableArray<IRecipe> Own = [new GrafanaRecipe(), new HotspotRecipe()];

    public static ImmutableArray<string> Names { get; } =
        [.. Own.Select(r => r.Name), .. Enum.GetValues<BuildSystem>().Select(s => s.ToString().ToLowerInvariant())];

    /// <summary>The recipe a product's entry names; an unknown name is refused with the entry's place and the names there are.</summary>
    public static IRecipe For(ProductDefinition product)
    {
        if (!Names.Contains(product.Recipe))
            throw new ConfigurationException(
                $"{product.Where}: products.{product.Name}.recipe is '{product.Recipe}', which is not a recipe BuildKit has. Use one of: {string.Join(", ", Names)}.");
        if (Own.FirstOrDefault(r => r.Name == product.Recipe) is not { } own)
            return new GenericRecipe(product, Enum.Parse<BuildSystem>(product.Recipe, ignoreCase: true));
        if (!product.Options.IsDefaultOrEmpty || !product.Packages.IsDefaultOrEmpty || product.Smoke is not null)
            throw new ConfigurationException(
                $"{product.Where}: options:, packages: and smoke: belong to the generic recipes ({string.Join(", ", Enum.GetValues<BuildSystem>().Select(s => s.ToString().ToLowerInvariant()))}); " +
                $"the {own.Name} recipe knows its own build. Remove them from products.{product.Name}.");
        return own;
    }
}
