using System.Collections.Immutable;
using BuildKit.Containers;
using BuildKit.Versioning;

namespace BuildKit.Recipes;

/// <summary>Where things are inside a builder container, in one place.</summary>
public static class BuilderPaths
{
    public const string Source = "/src";
    public const string Build = "/build";
    public const string Stage = "/stage";
    public const string RpmTop = "/rpmbuild";
    public const string Specs = "/specs";
    public const string BuildKitSpecs = "/buildkit/specs";
}

/// <summary>One command script of a recipe, run with bash in the builder, in <see cref="BuilderPaths.Source"/>.</summary>
public sealed record RecipeStep(string Name, string Script);

/// <summary>What a recipe knows when it writes its commands.</summary>
public sealed record RecipeContext(string Tree, PackageFamily Family, PackageVersion Version, string Commit, DateTimeOffset CommitTime, int Jobs);

/// <summary>
/// How one product is built: the upstream's own build commands for the tree at hand, and what its builder needs.
/// A recipe describes commands; it never runs them.
/// </summary>
public interface IRecipe
{
    string Name { get; }

    /// <summary>The builder toolset this tree needs in this family.</summary>
    Toolset Toolset(PackageFamily family, string tree);

    /// <summary>Stops with a clear message when the tree cannot be built (a missing submodule, a toolchain too old).</summary>
    void Validate(string tree);

    /// <summary>The build commands: configure, compile and install into <see cref="BuilderPaths.Stage"/>.</summary>
    ImmutableArray<RecipeStep> Steps(RecipeContext context);

    /// <summary>A script printing NAME=VERSION lines for the toolchains the build used (the build record's toolchains).</summary>
    string ToolchainQuery { get; }

    /// <summary>Extra rpmbuild options this tree needs (e.g. --with qt6).</summary>
    ImmutableArray<string> RpmbuildOptions(PackageFamily family, string tree);
}

/// <summary>Raised when a tree cannot be built as it is: what is wrong, where, and what to do.</summary>
public sealed class RecipeException(string message) : Exception(message);
