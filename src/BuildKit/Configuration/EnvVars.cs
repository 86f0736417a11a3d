using System.Collections;
using System.Collections.Immutable;

namespace BuildKit.Configuration;

/// <summary>Every environment variable BuildKit reads, by name, in one place.</summary>
public static class EnvVars
{
    public const string Ci = "CI";
    public const string CacheDir = "BUILDKIT_CACHE_DIR";
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

    /// <summary>Set by build.sh: the directory it was started from, which relative paths on its command line are relative to.</summary>
    public const string CallerDirectory = "BUILDKIT_CALLER_DIR";
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
