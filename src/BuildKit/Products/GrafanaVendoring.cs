namespace BuildKit.Products;

/// <summary>
/// What Grafana's SRPM carries besides Source0 so that it rebuilds without the network, as Fedora's grafana package does
/// with its vendor tarball: Go's vendor/ (unless the tree vendors itself) and, for yarn 2 and later, the yarn release
/// and an offline cache of every package yarn.lock names. Made right after the build, from the caches the build filled,
/// and made again only when what it is made from changed: the dependency manifests and the Go files' imports.
/// </summary>
public static class GrafanaVendoring
{
    /// <summary>The spec's Source4, as the vendor step names it in <see cref="BuilderPaths.Vendored"/>.</summary>
    public const string ArchiveSuffix = "-vendor.tar.gz";

    /// <summary>In the tree, where the reusable step leaves the archive: its name and bytes do not depend on the version.</summary>
    private const string Made = ".buildkit-vendor";

    /// <summary>The files go mod vendor and yarn's offline install read, besides the Go files' imports.</summary>
    private static readonly string[] Manifests =
        ["*go.mod", "*go.sum", "go.work", "go.work.sum", "vendor/modules.txt", "*package.json", "yarn.lock", ".yarnrc.yml", ".yarn/*"];

    /// <summary>
    /// The archive under the name the spec gives it, from the folder the vendor step left it in: it reads nothing the stage
    /// step writes and writes nothing it reads, so it runs beside it.
    /// </summary>
    public static RecipeStep Vendored { get; } =
        new("vendored", $"""cp {Made}/vendor.tar.gz "{BuilderPaths.Vendored}/grafana-$BUILDKIT_VERSION{ArchiveSuffix}" """) { RunsBesidePrevious = true };

    /// <summary>The archive, made from the caches the build filled; its outputs are reused while the manifests and imports stay.</summary>
    /// <param name="setup">The lines that put the tree's Go, Node and yarn on PATH, as the build's own steps have them.</param>
    public static RecipeStep Vendor(PackageManifest? manifest, string setup)
    {
        var yarn = manifest is { UsesYarnBerry: true } && manifest.Yarn != NodeToolchain.YarnClassic ? manifest.Yarn.Split('+')[0] : null;
        // The archive's times are fixed, not the commit's: the same manifests make the same bytes, whichever commit made them.
        return new("vendor", $$"""
            {{setup}}
            vendored=$(mktemp -d)
            if [ -f go.mod ] && [ ! -d vendor ]; then go mod vendor -o "$vendored/vendor"; fi
            {{(yarn is null ? "" : $$"""
            YARN_ENABLE_GLOBAL_CACHE=false YARN_CACHE_FOLDER="$vendored/.yarn/cache" yarn install --immutable --mode=skip-build
            # The release corepack fetched to run that install is the registry's @yarnpkg/cli-dist bin/yarn.js, byte for byte.
            mkdir -p "$vendored/.yarn/releases"
            cp "${COREPACK_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/node/corepack}/v1/yarn/{{yarn}}/yarn.js" "$vendored/.yarn/releases/yarn-{{yarn}}.cjs"
            """)}}
            mkdir -p {{Made}}
            tar -C "$vendored" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . | gzip -n > {{Made}}/vendor.tar.gz
            """, new StepReuse([], [Made]) { Inputs = Manifests, Digest = GoImports.Digest });
    }
}
