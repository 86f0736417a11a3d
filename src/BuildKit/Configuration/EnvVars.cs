using System.Collections;
using System.Collections.Immutable;

namespace BuildKit.Configuration;

/// <summary>An environment variable BuildKit reads, and what it means to BuildKit, for ./build.sh --help.</summary>
public sealed record EnvVarSpec(string Name, string Meaning);

/// <summary>Every environment variable BuildKit reads, by name and meaning, in one place.</summary>
public static class EnvVars
{
    public const string Ci = "CI";
    public const string CacheDir = "BUILDKIT_CACHE_DIR";
    public const string CacheVolumes = "BUILDKIT_CACHE_VOLUMES";
    public const string GitToken = "BUILDKIT_GIT_TOKEN";
    public const string GpgKey = "BUILDKIT_GPG_KEY";
    public const string GitHubToken = "GITHUB_TOKEN";
    public const string GhToken = "GH_TOKEN";
    public const string GitHubApiUrl = "GITHUB_API_URL";
    public const string GitHubRepository = "GITHUB_REPOSITORY";
    public const string Home = "HOME";
    public const string XdgCacheHome = "XDG_CACHE_HOME";
    public const string SslCertFile = "SSL_CERT_FILE";
    public const string NodeExtraCaCerts = "NODE_EXTRA_CA_CERTS";
    public const string Path = "PATH";
    public const string DockerHost = "DOCKER_HOST";
    public const string DockerContext = "DOCKER_CONTEXT";
    public const string DockerConfig = "DOCKER_CONFIG";
    public const string ContainerHost = "CONTAINER_HOST";
    public const string NoColor = "NO_COLOR";
    public const string GitHubActions = "GITHUB_ACTIONS";
    public const string GitHubStepSummary = "GITHUB_STEP_SUMMARY";

    /// <summary>Set by build.sh: the directory it was started from, which relative paths on its command line are relative to.</summary>
    public const string CallerDirectory = "BUILDKIT_CALLER_DIR";

    /// <summary>Every variable above with what it means, one line each.</summary>
    public static ImmutableArray<EnvVarSpec> All { get; } =
    [
        new(GitHubToken, "The token Publish uses; read from the environment only, never from an option."),
        new(GhToken, $"Read when {GitHubToken} is not set."),
        new(GitHubRepository, $"The repository Publish publishes to when --{Options.GitHubRepo} is not given (GitHub Actions sets it)."),
        new(GitHubApiUrl, $"The GitHub API when --{Options.GitHubApiUrl} is not given (GitHub Actions sets it)."),
        new(GitToken, "A token for private forks over https: handed to git through a credential helper, never on a command line or in a log."),
        new(GpgKey, $"The armoured OpenPGP private key --{Options.Sign} uses when --{Options.SignKey} is not given."),
        new(CacheDir, $"The cache folder (git mirrors, step outputs, toolchain reports) when --{Options.CacheDir} is not given."),
        new(CacheVolumes, $"The prefix of the tool cache volumes' names when --{Options.CacheVolumes} is not given."),
        new(XdgCacheHome, $"The cache folder is ${XdgCacheHome}/buildkit when neither --{Options.CacheDir} nor {CacheDir} names one."),
        new(Home, "The cache folder is ~/.cache/buildkit when nothing else names one."),
        new(SslCertFile, $"Extra CA certificates the builders trust when --{Options.CaCert} is not given."),
        new(NodeExtraCaCerts, $"Read when {SslCertFile} is not set."),
        new(Path, "Where docker or podman, git and the other host tools are found."),
        new(DockerHost, $"The container engine's socket or host, as docker reads it (default: the local socket); a tcp:// or ssh:// host is a remote engine, which gets the product's folders copied in and out instead of bind-mounted."),
        new(DockerContext, $"The docker context to use when {DockerHost} is not set; one whose endpoint is not a local socket is a remote engine."),
        new(DockerConfig, "Where docker's config.json and contexts are (default: ~/.docker): its current context is read as docker reads it."),
        new(ContainerHost, "Podman's service URL (podman --remote); one that is not a local socket is a remote engine."),
        new(GitHubActions, "true (GitHub Actions sets it): each step's output in a group, each failure an error annotation naming its product and stage."),
        new(GitHubStepSummary, "Under GitHub Actions, the file the job summary is appended to: products, versions, stage results, times, reasons, release URLs."),
        new(Ci, "Set, and not false or 0: a test whose tool is missing fails instead of skipping."),
        new(NoColor, "Set (to anything): plain output with no colour (https://no-color.org); build.sh sets it when stdout or stderr is not a terminal."),
        new(CallerDirectory, "Set by build.sh: the folder it was started from, which relative paths on its command line are relative to."),
    ];
}

/// <summary>A copy of the process environment taken once, so that planning is a pure function of it.</summary>
public sealed record EnvironmentSnapshot(ImmutableDictionary<string, string> Variables)
{
    public static EnvironmentSnapshot Empty { get; } = new(ImmutableDictionary<string, string>.Empty);

    public static EnvironmentSnapshot Capture() => new(System.Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>()
        .ToImmutableDictionary(e => (string)e.Key, e => (string?)e.Value ?? ""));

    public static EnvironmentSnapshot Of(params (string Name, string Value)[] variables) =>
        new(variables.ToImmutableDictionary(v => v.Name, v => v.Value));

    public string? this[string name] => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public bool IsCi => this[EnvVars.Ci] is { } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0";
}
