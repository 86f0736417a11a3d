
namespace BuildKit.Configuration;

/// <summary>Every well-known location, in one place, relative to the repository root.</summary>
public sealed record Paths(string Root)
{
    public string Artifacts { get; init; } = DefaultArtifacts(Root);
    public string Logs => Path.Combine(Artifacts, "logs");

    /// <summary>Held by the run that uses the artifacts folder, so that a second run waits for it (or, with --no-wait, stops).</summary>
    public string ArtifactsLock => Path.Combine(Artifacts, ".lock");
    public string BuildInfo => Path.Combine(Artifacts, "buildinfo");
    public string Sources => Path.Combine(Artifacts, "sources");
    public string Worktrees => Path.Combine(Artifacts, "worktrees");
    public string Worktree(string product) => Path.Combine(Worktrees, product);
    public string TestResults => Path.Combine(Artifacts, "test-results");
    public string DefaultProductsFile => Path.Combine(Root, ProductsFile.DefaultRelativePath);
    public string Solution => Path.Combine(Root, "BuildKit.sln");
    public string TestMachineSetup => Path.Combine(Root, "tests", "setup-machine.sh");
    public string Builders => Path.Combine(Artifacts, "builders");
    public string Specs => Path.Combine(Root, "specs");

    /// <summary>The Fedora macros rpm lacks on other distributions' builders.</summary>
    public string Macros => Path.Combine(Specs, MacrosFile);
    public const string MacrosFile = "macros.buildkit";

    /// <summary>find-debuginfo for binaries compiled in the builder, whose DWARF names the builder's folders.</summary>
    public string StagedDebugInfo => Path.Combine(Specs, StagedDebugInfoFile);
    public const string StagedDebugInfoFile = "staged-debuginfo.sh";

    /// <summary>The rpmbuild conditionals of the build (NAME 1 or NAME 0 lines), a source the spec reads so the SRPM carries them.</summary>
    public const string ConditionalsFile = "buildkit.bconds";

    /// <summary>
    /// The macros a build defines for the spec (buildkit_version, buildkit_release, buildkit_bundled: NAME VALUE lines), a
    /// source the spec reads so that an SRPM rebuilt elsewhere is the same version.
    /// </summary>
    public const string DefinesFile = "buildkit.defines";

    /// <summary>The %changelog of the build (Fedora's format), a source the spec reads so the SRPM carries it.</summary>
    public const string ChangelogFile = "buildkit.changelog";

    /// <summary>The build's bundled() provides and the licences they bring (the SBOM's share of the spec), a source the spec %includes.</summary>
    public const string BundledFile = "buildkit.bundled";

    /// <summary>The build's SBOM as the package installs it under its documentation, a source the spec reads.</summary>
    public const string SbomFile = "buildkit.spdx.json";

    /// <summary>The rpmlint configuration Verify runs with: every accepted finding with its reason.</summary>
    public const string RpmLintConfigFile = "rpmlint.toml";
    public string Reproducibility => Path.Combine(Artifacts, "reproducibility");

    public string Repository(string distribution) => Path.Combine(Artifacts, "repo", distribution);

    /// <summary>Where --repo-push puts the branch together before it pushes; gone once the push is done.</summary>
    public string HostedRepositoryWork => Path.Combine(Artifacts, "repo-push");

    public string PublishFolder(string product) => Path.Combine(Artifacts, "publish", product);

    public string BuildInfoFile(string product) => Path.Combine(BuildInfo, product + ".json");

    public string BuildTree(string product) => Path.Combine(Artifacts, "build", product);
    public string Stage(string product) => Path.Combine(Artifacts, "stage", product);

    /// <summary>The clean trees of a product's bundled dependencies, one folder each.</summary>
    public string BundledSource(string product, string dependency) => Path.Combine(Artifacts, "bundled", product, "src", dependency);

    /// <summary>The install prefixes of a product's bundled dependencies, one folder each, as the product's build sees them.</summary>
    /// <summary>The extra sources the recipe vendored for the SRPM during the last build.</summary>
    public string Vendored(string product) => Path.Combine(Artifacts, "vendored", product);

    public string BundledPrefixes(string product) => Path.Combine(Artifacts, "bundled", product, "prefix");
    public string RpmTop(string product) => Path.Combine(Artifacts, "rpmbuild", product);

    public string Containerfile(PackageFamily family) => Path.Combine(Root, "containers", family.ToString().ToLowerInvariant(), "Containerfile");

    public string Rpms(string distribution) => Path.Combine(Artifacts, "rpms", distribution);
    public string Srpms(string distribution) => Path.Combine(Artifacts, "srpms", distribution);

    /// <summary>Each build's SBOMs (one per RPM) and provenance statement, signed when the build is, published beside its packages.</summary>
    public string Attestations(string distribution) => Path.Combine(Artifacts, "attestations", distribution);

    /// <summary>
    /// The cache folder and what chose it, for messages about it: --cache-dir, else $BUILDKIT_CACHE_DIR, else
    /// $XDG_CACHE_HOME/buildkit, else ~/.cache/buildkit.
    /// </summary>
    public static (string Folder, string ChosenBy) Cache(string? option, EnvironmentSnapshot environment) =>
        option is not null ? (option, $"--{Options.CacheDir}")
        : environment[EnvVars.CacheDir] is { } variable ? (variable, "$" + EnvVars.CacheDir)
        : environment[EnvVars.XdgCacheHome] is { } xdg ? (Path.Combine(xdg, "buildkit"), "$" + EnvVars.XdgCacheHome)
        : environment[EnvVars.Home] is { } home ? (Path.Combine(home, ".cache", "buildkit"), "$" + EnvVars.Home)
        : (Path.Combine(Path.GetTempPath(), ".cache", "buildkit"), $"the temp folder, ${EnvVars.Home} being unset");

    /// <summary>What chose <see cref="Artifacts"/>, for messages about it.</summary>
    public string ArtifactsChosenBy => Artifacts == DefaultArtifacts(Root) ? "the default, artifacts/ in the checkout" : $"--{Options.Artifacts}";

    private static string DefaultArtifacts(string root) => Path.Combine(root, "artifacts");

    /// <summary>A path as the user should read it: relative to the root when inside it.</summary>
    public string Display(string path)
    {
        var relative = Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
