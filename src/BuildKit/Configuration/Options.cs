using System.Collections.Immutable;

namespace BuildKit.Configuration;

/// <summary>One command-line option: its name (without --), the value it takes, and what it does.</summary>
public sealed record OptionSpec(string Name, string? ValueName, string Description)
{
    public bool IsFlag => ValueName is null;
    public string Usage => IsFlag ? $"--{Name}" : $"--{Name}={ValueName}";
}

/// <summary>Every option BuildKit accepts, by name, in one place; the README's options table follows this list.</summary>
public static class Options
{
    public const string Target = "target";
    public const string Products = "products";
    public const string Config = "config";
    public const string Distribution = "distribution";
    public const string Release = "release";
    public const string AllowDowngrade = "allow-downgrade";
    public const string CacheDir = "cache-dir";
    public const string CacheVolumes = "cache-volumes";
    public const string Artifacts = "artifacts";
    public const string Mirror = "mirror";
    public const string Engine = "engine";
    public const string BaseImage = "base-image";
    public const string RebuildBuilder = "rebuild-builder";
    public const string CaCert = "ca-cert";
    public const string NoCache = "no-cache";
    public const string DistroMirror = "distro-mirror";
    public const string GoDownload = "go-download";
    public const string Packager = "packager";
    public const string CheckReproducible = "check-reproducible";
    public const string GitHubRepo = "github-repo";
    public const string GitHubApiUrl = "github-api-url";
    public const string DryRun = "dry-run";
    public const string Sign = "sign";
    public const string SignKey = "sign-key";
    public const string RepoUrl = "repo-url";
    public const string ChangelogAuthor = "changelog-author";
    public const string KeepNightlies = "keep-nightlies";
    public const string Parallel = "parallel";
    public const string NoWait = "no-wait";
    public const string RemoteEngine = "remote-engine";
    public const string ReportUpstream = "report-upstream";
    public const string PayloadCompression = "payload-compression";
    public const string Clean = "clean";
    public const string From = "from";
    public const string RepoPush = "repo-push";
    public const string RepoBranch = "repo-branch";

    /// <summary>Per-product options are spelled --PRODUCT-SUFFIX, e.g. --grafana-ref.</summary>
    public const string RepoSuffix = "repo";
    public const string RefSuffix = "ref";
    public const string CommitSuffix = "commit";
    public const string VersionFromSuffix = "version-from";

    public static ImmutableArray<OptionSpec> Global { get; } =
    [
        new(Target, "NAME", "What to run: Plan, a stage (it runs with every stage before it), Default, Nightly or Test; see README.md, Targets."),
        new(Products, "LIST", "Comma-separated products to build (default: every product in the products file)."),
        new(Config, "FILE", "The products file (default: specs/products.yaml)."),
        new(Distribution, "NAME", $"Target distribution: {string.Join(", ", Configuration.Distribution.All.Select(d => d.Name))} (default: {Configuration.Distribution.DefaultName})."),
        new(Release, "N", "RPM Release number for a rebuild of the same upstream version (default: 1)."),
        new(AllowDowngrade, null, "Let a build whose version sorts at or below a published one through the ordering gate."),
        new(CacheDir, "DIR", $"Where git mirrors and other caches live (default: ${EnvVars.CacheDir}, else ~/.cache/buildkit)."),
        new(CacheVolumes, "PREFIX", $"Name the tool cache volumes (Go, npm/yarn, ccache) PREFIX-PRODUCT-KIND, so that runs with other cache folders and the same prefix share them: two checkouts, CI jobs on one machine (default: ${EnvVars.CacheVolumes}, else buildkit-HASH of the cache folder's path)."),
        new(Artifacts, "DIR", "Where RPMs, logs, trees and build records go (default: artifacts/ in the checkout)."),
        new(Mirror, "FROM=TO[,FROM=TO]", "Rewrite repository and submodule URLs starting with FROM to start with TO (adds to mirrors: in the products file)."),
        new(Engine, "NAME", "Container engine: docker or podman, or a path to either (default: the first on PATH; DOCKER_HOST is honoured)."),
        new(RemoteEngine, null, $"The engine does not see this machine's files (a docker context or tunnel BuildKit cannot tell apart from a local socket): copy each step's folders in and out instead of bind-mounting them. A tcp:// or ssh:// ${EnvVars.DockerHost} or ${EnvVars.ContainerHost} is taken for remote without it."),
        new(BaseImage, "IMAGE", "The builder's FROM image instead of the distribution's (an internal mirror's copy, or a local image made with debootstrap)."),
        new(RebuildBuilder, null, "Rebuild the builder image even when one with the same content hash exists."),
        new(CaCert, "FILE", "Extra CA certificates the builder trusts for git, curl, go, npm and yarn (default: $SSL_CERT_FILE or $NODE_EXTRA_CA_CERTS when set)."),
        new(Clean, null, "Build from an empty build folder and a fresh tree instead of updating those of the last build in place, even when the last build had the same inputs."),
        new(NoCache, null, "Run build steps without the per-product cache volumes (Go, npm/yarn, ccache) and run every step, reusing no earlier step outputs or toolchain report."),
        new(DistroMirror, "URL", "Install the builder's packages from this distribution mirror instead of the default one."),
        new(GoDownload, "URL", $"Where a Go release a tree pins and the builder lacks comes from: a folder laid out as go.dev's, goVERSION.linux-ARCH.tar.gz with its .sha256 beside it (default: {GoReleases.DefaultDownload}; {GoReleases.Off} refuses such trees)."),
        new(ReportUpstream, null, "In Fetch, say how many commits each fork is ahead of and behind the upstream branch its products entry names."),
        new(Parallel, null, "Run each stage for all products at once; each product's log stays its own, one summary at the end."),
        new(NoWait, null, "When another run uses the artifacts folder or a mirror in the cache, fail at once naming it instead of waiting for it."),
        new(CheckReproducible, null, "In Verify, build and package every product a second time and compare the packages (bytes, then payload)."),
        new(GitHubRepo, "OWNER/NAME", "The GitHub repository to publish releases to (default: $GITHUB_REPOSITORY)."),
        new(GitHubApiUrl, "URL", "The GitHub API (default: $GITHUB_API_URL, else the public API; GitHub Enterprise Server: https://HOST/api/v3)."),
        new(DryRun, null, "Publish prints every call that would change a release and makes none of them."),
        new(Sign, null, $"Sign the RPMs (rpmsign), SHA256SUMS and the dnf repository's repomd.xml with the key from --sign-key or ${EnvVars.GpgKey}."),
        new(SignKey, "FILE", "The armoured OpenPGP private key --sign uses (default: the key in $BUILDKIT_GPG_KEY)."),
        new(From, "DIR", "Publish (or Nightly) the results of builds made elsewhere instead of building: every job's buildinfo record and the files it lists, found anywhere under DIR, in one release."),
        new(KeepNightlies, "N", "How many builds of each product, distribution and architecture the rolling nightly release and the hosted dnf repository keep (default: 7)."),
        new(RepoUrl, "URL", "Where the dnf repository made by Publish (artifacts/repo/DISTRIBUTION, or the --repo-push branch) is served from, for its .repo file."),
        new(RepoPush, "REMOTE", "Also push the dnf repository, every distribution and architecture, to this git remote's --repo-branch, served as static pages at --repo-url."),
        new(RepoBranch, "NAME", "The branch --repo-push writes, as one commit that replaces the last (default: gh-pages)."),
        new(PayloadCompression, "NAME", $"How rpmbuild compresses the payload: {Configuration.PayloadCompression.FastName} ({Configuration.PayloadCompression.Fast.Io}), {Configuration.PayloadCompression.FedoraName} ({Configuration.PayloadCompression.Fedora.Io}) or rpm's wLEVEL.KIND (default: {Configuration.PayloadCompression.FedoraName} for a target that publishes, else {Configuration.PayloadCompression.FastName})."),
        new(ChangelogAuthor, "\"NAME <EMAIL>\"", $"Who the RPMs' %changelog entry names (default: {Versioning.Changelog.DefaultAuthor})."),
        new(Packager, "NAME", "rpmbuild (default: BuildKit's specs) or fpm (upstream Grafana's own legacy build.go pkg-rpm; v5-v7 trees, Fedora builder only)."),
    ];

    public static ImmutableArray<OptionSpec> PerProduct { get; } =
    [
        new(RepoSuffix, "URL", "Repository (URL or local path) of the product, e.g. --grafana-repo=https://github.com/me/grafana.git; a local working copy given without a ref is built as it is on disk, uncommitted changes included."),
        new(RefSuffix, "REF", "Branch, tag or commit to build, e.g. --hotspot-ref=v1.6.0."),
        new(CommitSuffix, "SHA", "Pin an exact commit (wins over the head of the ref)."),
        new(VersionFromSuffix, "FROM", "Where the RPM version comes from: tag (default), the recipe's version file (e.g. package.json), or a version such as 6.5.0."),
    ];

    /// <summary>Cake's own switches: passed through to Cake, never an error.</summary>
    public static ImmutableHashSet<string> CakeSwitches { get; } = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "target", "t", "verbosity", "v", "debug", "d", "dryrun", "noop", "whatif", "exclusive", "e",
        "tree", "description", "showdescription", "showtree", "info", "version", "ver", "help", "h",
        "bootstrap", "skip-bootstrap", "working", "w", "nuget_useinprocessclient", "settings_skipverification");

    public static string ProductOption(string product, string suffix) => $"{product}-{suffix}";
}
