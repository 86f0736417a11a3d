using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Processes;

namespace BuildKit.Stages.Fetch;

/// <summary>
/// How every git command talks to remotes: URL prefix rewriting for mirrors (git's url.BASE.insteadOf), a token for
/// private forks and the credentials taken out of URLs handed over through credential helpers that read them from the
/// environment (never argv, never a config file), no prompts, and a bound on how long a silent remote may stall.
/// </summary>
public sealed record GitSettings(
    ImmutableDictionary<string, string> Mirrors,
    string? Token,
    TimeSpan RemoteTimeout)
{
    public static readonly TimeSpan DefaultRemoteTimeout = TimeSpan.FromMinutes(30);

    /// <summary>A run's git settings: its mirrors, the git token from its environment, the credentials taken out of its URLs.</summary>
    public static GitSettings For(BuildRun run) =>
        new(run.Plan.Mirrors, run.Environment[EnvVars.GitToken], DefaultRemoteTimeout) { Credentials = run.Plan.GitCredentials };

    /// <summary>Seconds a transfer may stay below 1 KB/s before git gives up; also the ssh connect time-out.</summary>
    public int StallSeconds { get; init; } = 60;

    /// <summary>Credentials taken out of repository URLs while planning, by the origin git asks about (scheme://host[:port]).</summary>
    public ImmutableDictionary<string, RemoteCredential> Credentials { get; init; } = ImmutableDictionary<string, RemoteCredential>.Empty;

    private const string CredentialVariable = "BUILDKIT_GIT_CREDENTIAL_";

    private const string CredentialHelper =
        "!f() { test \"$1\" = get || exit 0; echo username=x-access-token; echo \"password=${" + EnvVars.GitToken + "}\"; }; f";

    public ToolCommand Command(LogStep step, string? directory, params IEnumerable<string> arguments)
    {
        var prefix = new List<string> { "-c", "protocol.file.allow=always", "-c", "advice.detachedHead=false" };
        foreach (var (from, to) in Mirrors.OrderBy(m => m.Key, StringComparer.Ordinal))
            prefix.AddRange(["-c", $"url.{to}.insteadOf={from}"]);
        var origins = Credentials.OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        if (Token is not null || origins.Count > 0) prefix.AddRange(["-c", "credential.helper="]);
        // A URL's own credentials come before the token: git asks the helpers in order, and the first complete answer wins.
        for (var i = 0; i < origins.Count; i++)
            prefix.AddRange(["-c", $"credential.{origins[i].Key}.helper=!f() {{ test \"$1\" = get || exit 0; echo \"username=${{{CredentialVariable}USER_{i}}}\"; echo \"password=${{{CredentialVariable}PASSWORD_{i}}}\"; }}; f"]);
        if (Token is not null) prefix.AddRange(["-c", $"credential.helper={CredentialHelper}"]);
        var command = new ToolCommand("git", [.. prefix, .. arguments])
            .InStep(step)
            .WithEnvironment("GIT_TERMINAL_PROMPT", "0")
            .WithEnvironment("GCM_INTERACTIVE", "never")
            .WithEnvironment("GIT_HTTP_LOW_SPEED_LIMIT", "1000")
            .WithEnvironment("GIT_HTTP_LOW_SPEED_TIME", StallSeconds.ToString())
            .WithEnvironment("GIT_SSH_COMMAND", $"ssh -o BatchMode=yes -o ConnectTimeout={StallSeconds}")
            with { Quiet = true };
        if (directory is not null) command = command.InDirectory(directory);
        for (var i = 0; i < origins.Count; i++)
        {
            var credential = origins[i].Value;
            command = command.WithEnvironment($"{CredentialVariable}USER_{i}", credential.User).WithEnvironment($"{CredentialVariable}PASSWORD_{i}", credential.Password)
                .WithSecret(credential.Password);
            // A user without a password is a token written as the user (https://TOKEN@host/...); a plain user name is no secret.
            if (credential.Password.Length == 0) command = command.WithSecret(credential.User);
        }
        return Token is null ? command : command.WithEnvironment(EnvVars.GitToken, Token).WithSecret(Token);
    }

    /// <summary>Applies the mirror map the way git's insteadOf does: the longest matching prefix wins.</summary>
    public string Rewrite(string url) =>
        Mirrors.Where(m => url.StartsWith(m.Key, StringComparison.Ordinal))
            .OrderByDescending(m => m.Key.Length)
            .Select(m => m.Value + url[m.Key.Length..])
            .FirstOrDefault() ?? url;
}
