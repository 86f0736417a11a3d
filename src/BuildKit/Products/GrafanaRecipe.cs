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
        "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE",
        "npm_config_registry", "NPM_CONFIG_REGISTRY", "YARN_NPM_REGISTRY_SERVER", "COREPACK_NPM_REGISTRY", "COREPACK_INTEGRITY_KEYS",
    ];

    public string? StatedVersion(string tree) => UpstreamFiles.PackageJsonVersion(tree);

    public string? VersionFile => "package.json";

    public void Validate(string tree)
    {
        var missing = new[] { "build.go", "package.json", "conf/defaults.ini" }.Where(f => !File.Exists(Path.Combine(tree, f))).ToList();
        if (missing.Count > 0)
            throw new RecipeException($"{tree} does not have Grafana's build layout: {string.Join(", ", missing)} missing. Check the repository and ref of the grafana product.");
    }

    public void CheckToolchains(string tree, IReadOnlyDictionary<string, string> toolchains)
    {
        ToolchainVersion.Require("Grafana", "Go", toolchains, "go", UpstreamFiles.GoDirective(tree), "the go directive in go.mod");
        var node = NodeFloor(tree);
        ToolchainVersion.Require("Grafana", "Node.js", toolchains, "node", node?.Version, node?.Source ?? "");
    }

    public ImmutableArray<RecipeStep> Steps(RecipeContext context)
    {
        var era = DetectEra(context.Tree);
        if (context.Packager == Packager.Fpm) return FpmSteps(context, era);
        var berry = UsesYarnBerry(context.Tree);
        var heap = Math.Clamp(context.MemoryMegabytes * 3 / 4, 1024, 8192);
        var frontend = era == GrafanaEra.Legacy
            ? $"""
              {Corepack}
              corepack yarn install --pure-lockfile --no-progress
              NODE_OPTIONS=--max-old-space-size={heap} go run build.go build-frontend
              """
            : $"""
              {Corepack}
              corepack yarn install {(berry ? "--immutable" : "--frozen-lockfile --no-progress")}
              NODE_ENV=production NODE_OPTIONS=--max-old-space-size={heap} corepack yarn run build
              """;
        var codegen = File.Exists(Path.Combine(context.Tree, "Makefile")) && GenGoTarget().IsMatch(File.ReadAllText(Path.Combine(context.Tree, "Makefile")))
            ? "make gen-go"
            : "";
        var backend = $"""
            export COMMIT_SHA="{context.Commit}" BUILD_BRANCH="{context.RequestedRef}" CGO_ENABLED=1 GOFLAGS="-trimpath -buildvcs=false{(Directory.Exists(Path.Combine(context.Tree, "vendor")) && File.Exists(Path.Combine(context.Tree, "go.mod")) ? " -mod=vendor" : "")}"
            {(era == GrafanaEra.Legacy && !File.Exists(Path.Combine(context.Tree, "go.mod")) ? GopathPrelude : "")}
            {codegen}
            go run build.go {(era == GrafanaEra.Modern ? "-build-tags=oss " : "")}build
            """;
        // Webpack reads no Go file: a backend-only change reuses the frontend of the last build. Legacy frontends run through
        // build.go, so there every file counts and nothing is reused.
        var reuse = era == GrafanaEra.Modern ? new StepReuse(GoInputs, [FrontendOutput]) : null;
        return [new("frontend", frontend, reuse), new("backend", backend), new("stage", Stage)];
    }

    /// <summary>Upstream's own legacy packaging: build.go pkg-rpm runs grunt release and fpm, leaving RPMs in dist/.</summary>
    private static ImmutableArray<RecipeStep> FpmSteps(RecipeContext context, GrafanaEra era)
    {
        if (era != GrafanaEra.Legacy)
            throw new RecipeException(
                "--packager=fpm runs upstream's legacy go run build.go pkg-rpm, which Grafana removed in 8.0; this tree's build.go has no pkg-rpm. " +
                "Build it with the default --packager=rpmbuild.");
        return
        [
            new("frontend", $"""
                {Corepack}
                corepack yarn install --pure-lockfile --no-progress
                """),
            new("fpm", $"""
                export COMMIT_SHA="{context.Commit}" BUILD_BRANCH="{context.RequestedRef}"
                {(File.Exists(Path.Combine(context.Tree, "go.mod")) ? "" : GopathPrelude)}
                go run build.go -includeBuildId=false build pkg-rpm
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

    /// <summary>corepack runs the yarn that package.json's packageManager names; without one, yarn 1 (classic).</summary>
    public string PinnedToolchains(string tree) =>
        $"yarn={(PackageJson(tree)?.PackageManager is { } manager && manager.StartsWith("yarn@", StringComparison.Ordinal) ? manager["yarn@".Length..] : "classic")}\n";

    public InstalledChecks Checks { get; } = new(
        "if [ -x /usr/share/grafana/bin/grafana ]; then /usr/share/grafana/bin/grafana --version; else /usr/sbin/grafana-server -v; fi",
        "grafana",
        "grafana",
        ImmutableDictionary<string, string>.Empty.Add("/var/lib/grafana", "grafana:grafana").Add("/var/log/grafana", "grafana:grafana"));

    public ImmutableArray<string> RpmbuildOptions(Distribution distribution, string tree) => [];

    private static readonly string[] GoInputs = ["*.go", "go.mod", "go.sum", "go.work", "go.work.sum"];
    private const string FrontendOutput = "public/build";

    /// <summary>corepack provides the yarn the tree pins (packageManager); Debian's Node ships without it, so npm installs it.</summary>
    private const string Corepack = """
        export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=false
        # corepack appends "/package" to its registry: a trailing slash would double it.
        if [ -n "${COREPACK_NPM_REGISTRY:-}" ]; then export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY%/}"; fi
        if ! command -v corepack >/dev/null 2>&1; then
          npm install --global --prefix "$HOME/.local" --no-audit --no-fund corepack
          export PATH="$HOME/.local/bin:$PATH"
        fi
        """;

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
        for file in LICENSE LICENSING.md NOTICE.md README.md; do [ ! -f "$file" ] || cp -p "$file" /stage/; done
        printf '%s\n' "$BUILDKIT_VERSION" > /stage/VERSION
        """;

    private static bool UsesYarnBerry(string tree) =>
        File.Exists(Path.Combine(tree, ".yarnrc.yml")) || (PackageJson(tree)?.PackageManager?.StartsWith("yarn@", StringComparison.Ordinal) == true
            && !PackageJson(tree)!.PackageManager!.StartsWith("yarn@1", StringComparison.Ordinal));

    private static (string Version, string Source)? NodeFloor(string tree)
    {
        var nvmrc = Path.Combine(tree, ".nvmrc");
        if (File.Exists(nvmrc) && NodeVersion().Match(File.ReadAllText(nvmrc)) is { Success: true } pinned)
            return (pinned.Groups[1].Value, ".nvmrc");
        return PackageJson(tree)?.EnginesNode is { } engines && NodeVersion().Match(engines) is { Success: true } floor
            ? (floor.Groups[1].Value, "engines.node in package.json")
            : null;
    }

    private sealed record PackageManifest(string? PackageManager, string? EnginesNode);

    private static PackageManifest? PackageJson(string tree)
    {
        var path = Path.Combine(tree, "package.json");
        if (!File.Exists(path)) return null;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new PackageManifest(Text(root, "packageManager"), root.TryGetProperty("engines", out var engines) ? Text(engines, "node") : null);
    }

    [GeneratedRegex(@"v?(\d+(?:\.\d+){0,2})")]
    private static partial Regex NodeVersion();

    [GeneratedRegex(@"(?m)^gen-go\s*:")]
    private static partial Regex GenGoTarget();
}
