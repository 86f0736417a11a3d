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

/// <summary>
/// One command script of a recipe, run with bash in the builder, in <see cref="BuilderPaths.Source"/>; with
/// <paramref name="Reuse"/>, its outputs may come from an earlier build whose inputs were the same.
/// </summary>
public sealed record RecipeStep(string Name, string Script, StepReuse? Reuse = null);

/// <summary>What a recipe knows when it writes its commands.</summary>
public sealed record RecipeContext(
    string Tree, PackageFamily Family, PackageVersion Version, string Commit, string RequestedRef, DateTimeOffset CommitTime, int Jobs, long MemoryMegabytes,
    Packaging.Packager Packager = Packaging.Packager.Rpmbuild);

/// <summary>
/// How one product is built: the upstream's own build commands for the tree at hand, and what its builder needs.
/// A recipe describes commands; it never runs them.
/// </summary>
public interface IRecipe
{
    string Name { get; }

    /// <summary>The builder toolset this tree needs in this family with this packager.</summary>
    Toolset Toolset(PackageFamily family, string tree, Packaging.Packager packager);

    /// <summary>Stops with a clear message when the tree cannot be built (a missing submodule, a toolchain too old).</summary>
    void Validate(string tree);

    /// <summary>
    /// The build commands: configure, compile and install into <see cref="BuilderPaths.Stage"/>. With the fpm packager,
    /// upstream's own packaging leaves its RPMs in <see cref="BuilderPaths.Stage"/>/fpm instead.
    /// </summary>
    ImmutableArray<RecipeStep> Steps(RecipeContext context);

    /// <summary>
    /// A script printing NAME=VERSION lines for the builder's toolchains (the build record's toolchains). It reads nothing of
    /// the tree: its answer is kept per builder image.
    /// </summary>
    string ToolchainQuery { get; }

    /// <summary>Toolchain versions the tree pins itself (Grafana's yarn, through packageManager), as NAME=VERSION lines.</summary>
    string PinnedToolchains(string tree);

    /// <summary>Stops before building when a builder toolchain is older than the tree needs, naming both versions.</summary>
    void CheckToolchains(string tree, IReadOnlyDictionary<string, string> toolchains);

    /// <summary>What the Verify stage checks once this product's package is installed.</summary>
    InstalledChecks Checks { get; }

    /// <summary>Extra rpmbuild options this tree needs (e.g. --with qt6).</summary>
    ImmutableArray<string> RpmbuildOptions(PackageFamily family, string tree);
}

/// <summary>What the install and upgrade tests check of an installed package, beyond the package manager's own word.</summary>
/// <param name="SmokeTest">A command that must succeed on the installed package and print its version.</param>
/// <param name="ServiceUser">The system user the package creates, or null.</param>
/// <param name="ServiceProcess">The program name of the service, which no install or upgrade may start, or null.</param>
/// <param name="OwnedDirectories">Directories that must exist with this owner:group after install.</param>
public sealed record InstalledChecks(string SmokeTest, string? ServiceUser, string? ServiceProcess, ImmutableDictionary<string, string> OwnedDirectories);

/// <summary>Raised when a tree cannot be built as it is: what is wrong, where, and what to do.</summary>
public sealed class RecipeException(string message) : Exception(message);

/// <summary>Compares dotted toolchain versions ("1.19.8" against a floor "1.21"), ignoring what follows the numbers.</summary>
public static class ToolchainVersion
{
    public static bool IsOlder(string have, string need)
    {
        var a = Numbers(have);
        var b = Numbers(need);
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : 0;
            var y = i < b.Length ? b[i] : 0;
            if (x != y) return x < y;
        }
        return false;
    }

    private static long[] Numbers(string version) =>
        [.. System.Text.RegularExpressions.Regex.Match(version.TrimStart('v', 'V', 'g', 'o'), @"^\d+(\.\d+)*").Value
            .Split('.', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)];

    /// <summary>The stop message when a builder is too old: both versions, where the need comes from, and what to do.</summary>
    public static RecipeException TooOld(string product, string tool, string have, string need, string source) => new(
        $"{product} at this commit needs {tool} {need} or newer ({source}), but the builder has {tool} {have}. " +
        "Build for a newer distribution (--distribution=), or base the builder on an image with a newer toolchain (--base-image=).");
}
