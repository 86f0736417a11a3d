using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Products;

/// <summary>The conventional build systems a product may use without a recipe of its own.</summary>
public enum BuildSystem
{
    /// <summary>cmake configure, build and install with DESTDIR.</summary>
    CMake,

    /// <summary>make, then make install with DESTDIR.</summary>
    Make,

    /// <summary>go build of every main package into /usr/bin.</summary>
    Go,
}

/// <summary>
/// A product with a conventional build, driven wholly by its products.yaml entry and its spec: options: go to the build
/// command, the builder gets what the spec's BuildRequires name (dnf builddep on the dnf family, the toolchain table's
/// Debian names plus the entry's packages: on the apt family), and smoke: is what Verify runs once it is installed.
/// </summary>
public sealed class GenericRecipe(ProductDefinition product, BuildSystem system) : IRecipe
{
    public string Name => system.ToString().ToLowerInvariant();

    public Toolset Toolset(Distribution distribution, string tree, Packager packager)
    {
        var family = distribution.Family;
        ImmutableArray<Tool> tools = system switch
        {
            BuildSystem.CMake => [Toolchains.CMake, Toolchains.C, Toolchains.Cxx],
            BuildSystem.Make => [Toolchains.C, Toolchains.Cxx],
            _ => [Toolchains.Go, Toolchains.C],
        };
        // On the dnf family the builder runs dnf builddep on the spec; apt cannot read a spec, so the table translates it.
        if (family == PackageFamily.Apt)
            tools = [.. tools, .. SpecFiles.AptTools(product), new Tool("packages", Provision.Of(), Provision.Of([.. product.Packages]))];
        return new Toolset(product.Name, tools, []) { BuildDependencySpec = family == PackageFamily.Dnf ? product.Spec : null };
    }

    public ImmutableArray<Packager> Packagers { get; } = [Packager.Rpmbuild];

    public ImmutableArray<CacheVolume> Caches => system == BuildSystem.Go ? [CacheVolume.Go] : [CacheVolume.Ccache];

    public ImmutableArray<string> PassThrough => system == BuildSystem.Go ? GoToolchain.UserSettings : [];

    public ImmutableDictionary<string, string> EnvironmentDefaults => system == BuildSystem.Go ? GoToolchain.Environment : ImmutableDictionary<string, string>.Empty;

    public string? StatedVersion(string tree) => system == BuildSystem.CMake ? UpstreamFiles.CMakeProjectVersion(tree) : null;

    public string? VersionFile => system == BuildSystem.CMake ? "CMakeLists.txt" : null;

    public void Validate(string tree)
    {
        string[] expected = system switch
        {
            BuildSystem.CMake => ["CMakeLists.txt"],
            BuildSystem.Make => ["Makefile", "makefile", "GNUmakefile"],
            _ => ["go.mod"],
        };
        if (!expected.Any(file => File.Exists(Path.Combine(tree, file))))
            throw new RecipeException(
                $"{tree} has no {expected[0]}, so the {Name} recipe cannot build it. Check the repository and ref of {product.Name}, " +
                $"or its recipe: in {product.Where} (cmake, make or go for a conventional build).");
    }

    public ImmutableArray<RecipeStep> Steps(RecipeContext context)
    {
        var options = Shell.Join(product.Options);
        var script = system switch
        {
            BuildSystem.CMake => $"""
                cmake -S {BuilderPaths.Source} -B {BuilderPaths.Build} -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
                  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache {options}
                cmake --build {BuilderPaths.Build} --parallel {context.Jobs}
                DESTDIR={BuilderPaths.Stage} cmake --install {BuilderPaths.Build}
                """,
            BuildSystem.Make => $"""
                make -j{context.Jobs} prefix=/usr PREFIX=/usr {options}
                make install DESTDIR={BuilderPaths.Stage} prefix=/usr PREFIX=/usr {options}
                """,
            _ => $"""
                {context.GoOnPath}
                mkdir -p {BuilderPaths.Stage}/usr/bin
                go build -trimpath {GoToolchain.VcsStampOff(context.Toolchains)} {options} -o {BuilderPaths.Stage}/usr/bin/ ./...
                """,
        };
        return [new("build", script)];
    }

    public string ToolchainQuery => system == BuildSystem.Go
        ? """
          echo "go=$(go env GOVERSION | sed 's/^go//')"
          echo "gcc=$(gcc -dumpfullversion)"
          """
        : """
          echo "gcc=$(gcc -dumpfullversion)"
          echo "make=$(make --version | head -n 1 | awk '{print $3}')"
          echo "cmake=$(cmake --version 2>/dev/null | head -n 1 | awk '{print $3}')"
          """;

    public string PinnedToolchains(string tree) => "";

    public void CheckToolchains(string tree, IReadOnlyDictionary<string, string> toolchains)
    {
        ToolchainVersion.Require(product.Name, "cmake", toolchains, "cmake", UpstreamFiles.CMakeMinimum(tree), "cmake_minimum_required in CMakeLists.txt");
    }

    public GoToolchain? GoNeeded(string tree, IReadOnlyDictionary<string, string> toolchains) =>
        system == BuildSystem.Go && toolchains.TryGetValue("go", out var go) ? GoToolchain.For(tree, go) : null;

    public InstalledChecks Checks => InstalledChecks.Smoke(product.Smoke ?? $"{product.Name} --version");

    public ImmutableArray<string> RpmbuildOptions(Distribution distribution, string tree) => [];
}
