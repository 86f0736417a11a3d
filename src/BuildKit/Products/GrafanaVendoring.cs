namespace BuildKit.Products;

/// <summary>
/// What Grafana's SRPM carries besides Source0 so that it rebuilds without the network, as Fedora's grafana package does
/// with its vendor tarball: Go's vendor/ (unless the tree vendors itself) and, for yarn 2 and later, the yarn release
/// and an offline cache of every package yarn.lock names. Made right after the build, from the caches the build filled.
/// </summary>
public static class GrafanaVendoring
{
    /// <summary>The spec's Source4, as the vendor step names it in <see cref="BuilderPaths.Vendored"/>.</summary>
    public const string ArchiveSuffix = "-vendor.tar.gz";

    /// <param name="setup">The lines that put the tree's Go, Node and yarn on PATH, as the build's own steps have them.</param>
    public static RecipeStep Step(RecipeContext context, PackageManifest? manifest, string setup)
    {
        var yarn = manifest is { UsesYarnBerry: true } && manifest.Yarn != NodeToolchain.YarnClassic ? manifest.Yarn.Split('+')[0] : null;
        return new("vendor", $$"""
            {{setup}}
            vendored=$(mktemp -d)
            if [ -f go.mod ] && [ ! -d vendor ]; then go mod vendor -o "$vendored/vendor"; fi
            {{(yarn is null ? "" : $$"""
            mkdir -p "$vendored/.yarn/releases" && release=$(mktemp -d)
            (cd "$release" && npm pack --silent "@yarnpkg/cli-dist@{{yarn}}" > /dev/null && tar -xzf yarnpkg-cli-dist-{{yarn}}.tgz package/bin/yarn.js)
            cp "$release/package/bin/yarn.js" "$vendored/.yarn/releases/yarn-{{yarn}}.cjs"
            YARN_ENABLE_GLOBAL_CACHE=false YARN_CACHE_FOLDER="$vendored/.yarn/cache" yarn install --immutable --mode=skip-build
            """)}}
            tar -C "$vendored" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner -cf - . \
              | gzip -n > "{{BuilderPaths.Vendored}}/grafana-$BUILDKIT_VERSION{{ArchiveSuffix}}"
            """);
    }
}
