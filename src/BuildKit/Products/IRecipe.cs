using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Versioning;

namespace BuildKit.Products;

/// <summary>Where things are inside a builder container, in one place.</summary>
public static class BuilderPaths
{
    public const string Source = "/src";
    public const string Build = "/build";
    public const string Stage = "/stage";
    public const string RpmTop = "/rpmbuild";
    public const string Specs = "/specs";
    public const string BuildKitSpecs = "/buildkit/specs";

    /// <summary>The install prefixes of bundled dependencies, one folder each; cmake finds them through CMAKE_PREFIX_PATH.</summary>
    public const string Bundled = "/bundled";

    /// <summary>Extra sources a recipe vendors for its SRPM (modules its build downloaded), which Package adds to SOURCES.</summary>
    public const string Vendored = "/vendored";

    public static string BundledPrefix(string dependency) => $"{Bundled}/{dependency}";

    public static string BundledSource(string dependency) => $"/bundled-src/{dependency}";

    /// <summary>Where a host folder of packages is seen: a name of its own per folder, so that one container can see several.</summary>
    public static string Packages(string hostFolder) => $"/packages/{Hashing.Sha256(Path.GetFullPath(hostFolder))[..12]}";
}

/// <summary>
/// One command script of a recipe, run with bash in the builder, in <see cref="BuilderPaths.Source"/>; with
/// <paramref name="Reuse"/>, its outputs may come from an earlier build whose inputs were the same.
/// </summary>
public sealed record RecipeStep(string Name, string Script, StepReuse? Reuse = null)
{
    /// <summary>True for a step that installs a toolchain: it prints NAME=VERSION lines, which stand in the build record for the builder's own.</summary>
    public bool ReportsToolchains { get; init; }

    /// <summary>
    /// True for a step that reads nothing the step before it writes, and writes nothing that step reads: the two run at once
    /// in the builder container, and the step after them waits for both. Grafana's backend beside its frontend is the case.
    /// </summary>
    public bool RunsBesidePrevious { get; init; }
}

/// <summary>
/// When a step's outputs may be taken from an earlier build instead of running it: the step reads every file of the tree
/// except those whose names match <paramref name="IgnoredInputs"/>, and leaves what later steps need in <paramref name="Outputs"/>
/// (folders relative to the tree). Grafana's frontend is the case: it reads no Go file, and a one-line Go change should
/// not cost a full webpack build.
/// </summary>
public sealed record StepReuse(IReadOnlyList<string> IgnoredInputs, IReadOnlyList<string> Outputs)
{
    /// <summary>
    /// For a step that reads a few files only (dependency manifests): the paths, relative to the tree, that it reads,
    /// instead of every file not ignored. Grafana's vendor step is the case: a one-line change must not vendor again.
    /// </summary>
    public IReadOnlyList<string>? Inputs { get; init; }

    /// <summary>What else of the tree the outputs depend on, as the recipe reads it (Go's imports, for go mod vendor).</summary>
    public Func<string, string>? Digest { get; init; }
}

/// <summary>What a recipe knows when it writes its commands.</summary>
public sealed record RecipeContext(
    string Tree, Distribution Distribution, PackageVersion Version, string Commit, string RequestedRef, DateTimeOffset CommitTime, int Jobs, long MemoryMegabytes,
    Packager Packager = Packager.Rpmbuild)
{
    public PackageFamily Family => Distribution.Family;

    /// <summary>
    /// Whether this run goes on to make packages: only then is what only they carry worth making (Grafana's vendor archive
    /// for the SRPM, its npm licences for the SBOM). A run that stops at Build does the upstream build alone.
    /// </summary>
    public bool MakesPackages { get; init; } = true;

    /// <summary>The builder's toolchain versions (NAME to VERSION), once Build has asked the builder; empty before.</summary>
    public IReadOnlyDictionary<string, string> Toolchains { get; init; } = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty;

    /// <summary>Where in the builder the Go release the tree pins is (its GOROOT), when the builder's own Go does not do; null otherwise.</summary>
    public string? GoRoot { get; init; }

    /// <summary>The line that puts the pinned Go first on PATH; empty when the builder's Go builds the tree.</summary>
    public string GoOnPath => GoRoot is null ? "" : $"export PATH=\"{GoRoot}/bin:$PATH\"";
}

/// <summary>
/// How one product is built, and every fact about it that BuildKit needs: the upstream's own build commands for the tree at
/// hand, what its builder installs, the file stating its version, the caches and environment its build uses, the packagers
/// it supports and what Verify checks once it is installed. A recipe describes; it never runs anything.
/// </summary>
public interface IRecipe
{
    /// <summary>The name a products file gives in recipe:.</summary>
    string Name { get; }

    /// <summary>The builder toolset this tree needs on this distribution with this packager.</summary>
    Toolset Toolset(Distribution distribution, string tree, Packager packager);

    /// <summary>Every toolset a tree of this product may need on this distribution: what the plan shows before any tree is fetched.</summary>
    ImmutableArray<Toolset> Toolsets(Distribution distribution, Packager packager) => [Toolset(distribution, "", packager)];

    /// <summary>The packagers that can package this product; rpmbuild with BuildKit's spec is always one.</summary>
    ImmutableArray<Packager> Packagers { get; }

    /// <summary>The tool caches its build steps keep between runs.</summary>
    ImmutableArray<CacheVolume> Caches { get; }

    /// <summary>Variables of the user's environment its build steps see (mirrors and proxies of its package managers).</summary>
    ImmutableArray<string> PassThrough { get; }

    /// <summary>Values its build steps get for variables of <see cref="PassThrough"/> the user's environment does not set.</summary>
    ImmutableDictionary<string, string> EnvironmentDefaults => ImmutableDictionary<string, string>.Empty;

    /// <summary>The version the tree states for itself (a package.json, a CMake project()), or null.</summary>
    string? StatedVersion(string tree);

    /// <summary>The file <see cref="StatedVersion"/> reads, as version-from: names it; null when the tree states none.</summary>
    string? VersionFile { get; }

    /// <summary>Stops with a clear message when the tree cannot be built (a missing submodule, not this product's layout).</summary>
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
    void CheckToolchains(string tree, IReadOnlyDictionary<string, string> toolchains)
    {
    }

    /// <summary>The Go release this tree needs when the builder's (toolchains' go) does not build it; null for trees that build without Go.</summary>
    GoToolchain? GoNeeded(string tree, IReadOnlyDictionary<string, string> toolchains) => null;

    /// <summary>What the Verify stage checks once this product's package is installed.</summary>
    InstalledChecks Checks { get; }

    /// <summary>Extra rpmbuild options this tree needs (e.g. --with qt6).</summary>
    ImmutableArray<string> RpmbuildOptions(Distribution distribution, string tree);

    /// <summary>The libraries this tree needs that <paramref name="distribution"/> does not package, built from source before the product.</summary>
    ImmutableArray<BundledDependency> Bundled(Distribution distribution, string tree) => [];
}

/// <summary>What the install and upgrade tests check of an installed package, beyond the package manager's own word.</summary>
/// <param name="SmokeTest">A command that must succeed on the installed package and print its version.</param>
/// <param name="ServiceUser">The system user the package creates, or null.</param>
/// <param name="ServiceProcess">The program name of the service, which no install or upgrade may start, or null.</param>
/// <param name="OwnedDirectories">Directories that must exist with this owner:group after install.</param>
public sealed record InstalledChecks(string SmokeTest, string? ServiceUser, string? ServiceProcess, ImmutableDictionary<string, string> OwnedDirectories)
{
    public static InstalledChecks Smoke(string command) => new(command, null, null, ImmutableDictionary<string, string>.Empty);
}

/// <summary>Raised when a tree cannot be built as it is: what is wrong, where, and what to do.</summary>
public sealed class RecipeException(string message) : BuildKitException(message);
