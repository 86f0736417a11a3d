using System.Collections.Immutable;

namespace BuildKit.Recipes;

/// <summary>The recipes BuildKit has, by name. A products file names one of them.</summary>
public static class RecipeCatalog
{
    /// <summary>Every recipe name a products file may use.</summary>
    public static ImmutableArray<string> Names { get; } = ["grafana", "hotspot"];

    private static readonly ImmutableDictionary<string, IRecipe> Buildable =
        new IRecipe[] { new GrafanaRecipe(), new HotspotRecipe() }.ToImmutableDictionary(r => r.Name);

    /// <summary>The recipe that can build, or null while a named recipe cannot build yet.</summary>
    public static IRecipe? Find(string name) => Buildable.GetValueOrDefault(name);

    /// <summary>The builder toolset for a product; a recipe that cannot build yet still has its builder (named as the recipe).</summary>
    public static Containers.Toolset Toolset(string name, Containers.PackageFamily family, string tree, Packaging.Packager packager) =>
        Find(name)?.Toolset(family, tree, packager) ?? Containers.Toolchains.Toolset(name);

    public static IRecipe Get(string name) => Find(name) ?? throw new RecipeException($"The {name} recipe cannot build yet in this BuildKit version.");
}
