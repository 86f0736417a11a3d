using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Containers;

namespace BuildKit.Products;

/// <summary>Which generation of Grafana's own build a tree has.</summary>
public enum GrafanaEra
{
    /// <summary>v5 to v7: build.go setup/build/pkg-rpm, a grunt frontend, dep or vendored modules.</summary>
    Legacy,

    /// <summary>v8 on: Go modules, wire code generation, a webpack frontend built with yarn (berry through corepack from 8.5).</summary>
    Modern,
}

/// <summary>
/// Grafana, built with upstream's own commands for the tree's era: the frontend with yarn, wire code generation
/// (make gen-go), then go run build.go -build-tags=oss build (not make build-go, which rewrites go.mod and go.sum).
/// The stage is the layout of upstream's release tarball; the spec lays it out as Fedora does.
/// </summary>
public sealed partial class GrafanaRecipe : IRecipe
{
    public string Name => "grafana";

    /// <summary>The era from the files in the tree, not from the version string: forks carry any version.</summary>
    public static GrafanaEra DetectEra(string tree)
    {
        var buildGo = Path.Combine(tree, "build.go");
        var legacy = File.Exists(Path.Combine(tree, "Gruntfile.js"))
            || File.Exists(Path.Combine(tree, "Gopkg.toml"))
            || (File.Exists(buildGo) && File.ReadAllText(buildGo).Contains("\"pkg-rpm\"", StringComparison.Ordinal));
        return legacy ? GrafanaEra.Legacy : GrafanaEra.Modern;
    }

    /// <summary>fpm comes from RubyGems, which only the Fedora builder reaches (with ruby and a compiler for its native gems).</summary>
    private static readonly Tool Fpm = new("fpm", Provision.Of("ruby", "ruby-devel", "rubygems", "gcc", "make"),
        Provision.Unavailable("fpm comes from RubyGems, which Debian does not package and this builder cannot reach"));

    public Toolset Toolset(Distribution distribution, string tree, Packager packager) => packager == Packager.Fpm
        ? new("grafana-fpm", [Toolchains.Go, Toolchains.Node, Toolchains.Npm, Toolchains.C, Fpm], ["fpm"])
        : new("grafana", Toolchains.Go, Toolchains.Node, Toolchains.Npm, Toolchains.C);

    public ImmutableArray<Packager> Packagers { get; } = [Packager.Rpmbuild, Packager.Fpm];

    public ImmutableArray<CacheVolume> Caches { get; } = [CacheVolume.Go, CacheVolume.Node];

    /// <summary>The user's Go and npm mirrors reach the build, so that a machine behind a mirror builds as it fetches.</summary>
    public ImmutableArray<string> PassThrough { get; } =
    [
        .. GoToolchain.UserSettings,
        "npm_config_registry", "NPM_CONFIG_REGISTRY", "YARN_NPM_REGISTRY_SERVER", "COREPACK_NPM_REGISTRY", "COREPACK_INTEGRITY_KEYS",
    ];

    public ImmutableDictionary<string, string> EnvironmentDefaults => GoToolchain.Environment;

    public string? StatedVersion(string tree) => UpstreamFiles.PackageJsonVersion(tree);

    public string? VersionFile => "package.json";

    public void Validate(string tree)
    {
        var missing = new[] { "build.go", "package.json", "conf/defaults.ini" }.Where(f => !File.Exists(Path.Combine(tree, f))).ToList();
        if (missing.Count > 0)
            throw new RecipeException($"{tree} does not have Grafana's build layout: {string.Join(", ", missing)} missing. Check the repository and ref of the grafana product.");
    }

    /// <summary>Go comes as the tree needs it, and so does Node (<see cref="NodeToolchain"/>): no toolchain is refused.</summary>
    public GoToolchain? GoNeeded(string tree, IReadOnlyDictionary<string, string> toolchains) =>
        toolchains.TryGetValue("go", out var go) ? GoToolchain.For(tree, go) : null;

    public ImmutableArray<RecipeStep> Steps(RecipeContext context)
    {
        var era = DetectEra(context.Tree);
        var manifest = PackageManifest.Read(context.Tree);
        var node = NodeToolchain.Of(context.Tree) is { } pin && context.Toolchains.TryGetValue("node", out var have) && !pin.Accepts(have) ? pin : null;
        ImmutableArray<RecipeStep> provision = node is null ? [] : [node.Step()];
        var yarn = $"""
            {context.GoOnPath}
            {(manifest?.UsesYarnBerry == true ? CorepackSetup : YarnClassicSetup)}
            {(node is null ? "" : NodeToolchain.OnPath)}
            {(manifest?.Webpack4 == true ? OpensslLegacyProvider : "")}
            """;
        if (context.Packager == Packager.Fpm) return [.. provision, .. FpmSteps(context, era, yarn)];
        var heap = Math.Clamp(context.MemoryMegabytes * 3 / 4, 1024, 8192);
        var bundledPlugins = manifest?.Scripts.Contains(BundledPluginsScript) == true;
        var licences = context.MakesPackages ? NpmLicences.Command : "";
        var frontend = era == GrafanaEra.Legacy
            ? $$"""
              {{yarn}}
              yarn install --pure-lockfile --no-progress
              {{licences}}
              NODE_OPTIONS="${NODE_OPTIONS:-} --max-old-space-size={{heap}}" go run build.go build-frontend
              """
            : $$"""
              {{yarn}}
              yarn install {{(manifest?.UsesYarnBerry == true ? "--immutable" : "--frozen-lockfile --no-progress")}}
              {{licences}}
              NODE_ENV=production NODE_OPTIONS="${NODE_OPTIONS:-} --max-old-space-size={{heap}}" yarn run build
              {{(bundledPlugins ? $"NODE_ENV=production yarn run {BundledPluginsScript}" : "")}}
              """;
        var makefile = Path.Combine(context.Tree, "Makefile");
        var genGo = File.Exists(makefile) ? GenGoTarget().Match(File.ReadAllText(makefile)) : Match.Empty;
        var codegen = genGo.Success ? "make gen-go" : "";
        var backend = $"""
            {context.GoOnPath}
            export COMMIT_SHA="{context.Commit}" BUILD_BRANCH="{context.RequestedRef}" CGO_ENABLED=1 GOFLAGS="-trimpath {GoToolchain.VcsStampOff(context.Toolchains)}{(Directory.Exists(Path.Combine(context.Tree, "vendor")) && File.Exists(Path.Combine(context.Tree, "go.mod")) ? " -mod=vendor" : "")}"
            {(era == GrafanaEra.Legacy && !File.Exists(Path.Combine(context.Tree, "go.mod")) ? GopathPrelude : "")}
            {codegen}
            go run build.go {(era == GrafanaEra.Modern ? "-build-tags=oss " : "")}build
            """;
        // Webpack reads no Go file: a backend-only change reuses the frontend of the last build. Legacy frontends run through
        // build.go, so there every file counts and nothing is reused.
        var reuse = era == GrafanaEra.Modern ? new StepReuse(GoInputs, [FrontendOutput, .. context.MakesPackages ? [NpmLicences.Folder] : Array.Empty<string>(), .. bundledPlugins ? [BundledPluginsFolder] : Array.Empty<string>()]) : null;
        var genGoFirst = genGo.Groups["prerequisites"].Value.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var besideFrontend = era == GrafanaEra.Modern && context.MemoryMegabytes >= FrontendBesideBackendMegabytes
            && genGoFirst.All(GenGoPrerequisitesBesideFrontend.Contains);
        return [.. provision, new("frontend", frontend, reuse), new("backend", backend) { RunsBesidePrevious = besideFrontend },
            .. context.MakesPackages ? [GrafanaVendoring.Vendor(manifest, yarn)] : Array.Empty<RecipeStep>(),
            new("stage", $"{context.GoOnPath}\n{Stage}"),
            .. context.MakesPackages ? [GrafanaVendoring.Vendored] : Array.Empty<RecipeStep>()];
    }

    /// <summary>
    /// Upstream's own legacy packaging: build.go pkg-rpm runs grunt release and fpm, leaving RPMs in dist/. build.go takes
    /// the package's version and iteration from package.json's version split at its dash, so the version the ordering gate
    /// checked is written there first; -includeBuildId (6.x on) would add a timestamp to the iteration.
    /// </summary>
    private static ImmutableArray<RecipeStep> FpmSteps(RecipeContext context, GrafanaEra era, string yarn)
    {
        if (era != GrafanaEra.Legacy)
            throw new RecipeException(
                "--packager=fpm runs upstream's legacy go run build.go pkg-rpm, which Grafana removed in 8.0; this tree's build.go has no pkg-rpm. " +
                "Build it with the default --packager=rpmbuild.");
        var includeBuildId = File.ReadAllText(Path.Combine(context.Tree, "build.go")).Contains("\"includeBuildId\"", StringComparison.Ordinal);
        return
        [
            new("frontend", $"""
                {yarn}
                yarn install --pure-lockfile --no-progress
                """),
            new("fpm", $"""
                {yarn}
                export COMMIT_SHA="{context.Commit}" BUILD_BRANCH="{context.RequestedRef}"
                node -e 'const fs = require("fs"), p = JSON.parse(fs.readFileSync("package.json", "utf8")); p.version = process.argv[1]; fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n")' "{context.Version.Version}-{context.Version.Release}"
                {(File.Exists(Path.Combine(context.Tree, "go.mod")) ? "" : GopathPrelude)}
                go run build.go {(includeBuildId ? "-includeBuildId=false " : "")}build pkg-rpm
                mkdir -p /stage/fpm && cp -p dist/*.rpm /stage/fpm/
                """),
        ];
    }

    public string ToolchainQuery => """
        echo "go=$(go env GOVERSION | sed 's/^go//')"
        # npm's version from its package.json: npm --version takes half a second, a node start a tenth.
        node - "$(readlink -f "$(command -v npm)")" <<'JS'
        const fs = require('fs'), path = require('path');
        console.log(`node=${process.versions.node}`);
        try { console.log(`npm=${JSON.parse(fs.readFileSync(path.join(path.dirname(process.argv[2]), '..', 'package.json'), 'utf8')).version}`); } catch { console.log('npm='); }
        JS
        echo "gcc=$(gcc -dumpfullversion)"
        """;

    /// <summary>corepack runs the yarn that package.json's packageManager names; without one, the pinned yarn 1.</summary>
    public string PinnedToolchains(string tree) => $"yarn={PackageManifest.Read(tree)?.Yarn ?? NodeToolchain.YarnClassic}\n";

    public InstalledChecks Checks { get; } = new(
        "if [ -x /usr/share/grafana/bin/grafana ]; then /usr/share/grafana/bin/grafana --version; else /usr/sbin/grafana-server -v; fi",
        "grafana",
        "grafana",
        ImmutableDictionary<string, string>.Empty.Add("/var/lib/grafana", "grafana:grafana").Add("/var/log/grafana", "grafana:grafana"));

    public ImmutableArray<string> RpmbuildOptions(Distribution distribution, string tree) => [];

    /// <summary>
    /// From this much memory the backend builds beside the frontend, as Grafana's own Dagger build makes them apart: webpack's
    /// heap stops at 8 GB and Go's compiler and linker take a few more. With less, they would fight for it.
    /// </summary>
    private const long FrontendBesideBackendMegabytes = 16 * 1024;

    /// <summary>
    /// What make gen-go may run first for the backend to go beside the frontend: wire alone (8 on), and from 11 the enterprise
    /// wire graph, a no-op in OSS trees. Grafana 9's gen-cue writes TypeScript the frontend compiles, so such a tree builds one
    /// after the other.
    /// </summary>
    private static readonly string[] GenGoPrerequisitesBesideFrontend = ["$(WIRE)", "gen-enterprise-go"];

    private static readonly string[] GoInputs = ["*.go", "go.mod", "go.sum", "go.work", "go.work.sum"];
    private const string FrontendOutput = "public/build";

    /// <summary>corepack, pinned, runs the yarn the tree pins (packageManager) as the yarn on PATH.</summary>
    private static readonly string CorepackSetup = $$"""
        export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=false
        # corepack appends "/package" to its registry: a trailing slash would double it.
        if [ -n "${COREPACK_NPM_REGISTRY:-}" ]; then export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY%/}"; fi
        {{NodeToolchain.NpmInstall("corepack", NodeToolchain.Corepack, $"corepack-{NodeToolchain.Corepack}")}}
        # The link corepack enable would make, without the tenth of a second its node start costs every step.
        mkdir -p "$HOME/bin" && ln -sf "$prefix/lib/node_modules/corepack/dist/yarn.js" "$HOME/bin/yarn"
        export PATH="$HOME/bin:$PATH"
        """;

    /// <summary>yarn 1 for trees that pin no yarn: the last release, pinned, which runs on every Node a Grafana tree asks for.</summary>
    private static readonly string YarnClassicSetup = $"""
        {NodeToolchain.NpmInstall("yarn", NodeToolchain.YarnClassic, $"yarn-{NodeToolchain.YarnClassic}")}
        export PATH="$prefix/bin:$PATH"
        """;

    /// <summary>webpack 4 hashes with MD4, which OpenSSL 3 (Node 17 and later) only offers through its legacy provider.</summary>
    private const string OpensslLegacyProvider = """
        case "$(node --version)" in v[0-9].*|v1[0-6].*) ;; *) export NODE_OPTIONS="${NODE_OPTIONS:-} --openssl-legacy-provider" ;; esac
        """;

    /// <summary>Grafana 8 and 9 build the plugins they ship (plugins-bundled/) with a script of their own.</summary>
    private const string BundledPluginsScript = "plugins:build-bundled";
    private const string BundledPluginsFolder = "plugins-bundled";

    /// <summary>Grafana v5 (dep, no go.mod) builds from $GOPATH/src/github.com/grafana/grafana, as its build.go expects.</summary>
    private const string GopathPrelude = """
        export GOPATH="$HOME/go" GO111MODULE=off
        mkdir -p "$GOPATH/src/github.com/grafana" && ln -sfn "$PWD" "$GOPATH/src/github.com/grafana/grafana"
        cd "$GOPATH/src/github.com/grafana/grafana"
        """;

    /// <summary>The layout of upstream's release tarball: bin/ (flattened), conf/, public/, packaging/, licence files, VERSION.</summary>
    private const string Stage = """
        mkdir -p /stage/bin
        for binary in bin/"$(go env GOOS)-$(go env GOARCH)"/*; do
          case "$binary" in *.md5) ;; *) cp -p "$binary" /stage/bin/ ;; esac
        done
        cp -a conf public packaging /stage/
        [ ! -d plugins-bundled ] || cp -a plugins-bundled /stage/
        for file in LICENSE LICENSING.md NOTICE.md README.md; do [ ! -f "$file" ] || cp -p "$file" /stage/; done
        printf '%s\n' "$BUILDKIT_VERSION" > /stage/VERSION
        """;

    [GeneratedRegex(@"(?m)^gen-go[ \t]*:(?!=)(?<prerequisites>[^#\n]*)")]
    private static partial Regex GenGoTarget();
}
