using System.Collections.Immutable;
using System.Runtime.InteropServices;
using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>A host folder seen inside the container.</summary>
public sealed record ContainerMount(string Source, string Target, bool ReadOnly = false);

/// <summary>One build step to run in a fresh container: a bash script, where it runs, what it sees.</summary>
public sealed record ContainerStep(LogStep Step, string Image, string Script, string WorkingDirectory)
{
    public ImmutableArray<ContainerMount> Mounts { get; init; } = [];
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>True for steps whose standard output is their answer (a version query); build steps send everything to one stream.</summary>
    public bool CapturesOutput { get; init; }

    /// <summary>True for steps that install packages (the install test): they run as root inside the container.</summary>
    public bool AsRoot { get; init; }

    /// <summary>True when a non-zero exit is an answer for the caller to read, not a failure.</summary>
    public bool AcceptsFailure { get; init; }

    public ContainerStep WithMount(string source, string target, bool readOnly = false) => this with { Mounts = Mounts.Add(new(source, target, readOnly)) };
    public ContainerStep WithEnvironment(string name, string value) => this with { Environment = Environment.SetItem(name, value) };
}

/// <summary>The identity files written by a step belong to: the invoking user, by default.</summary>
public sealed record HostUser(uint Uid, uint Gid)
{
    public static HostUser Current() => new(GetUid(), GetGid());

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for two plain integer calls.
    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();

    [DllImport("libc", EntryPoint = "getgid")]
    private static extern uint GetGid();
#pragma warning restore SYSLIB1054
}

/// <summary>A named volume that keeps a tool's cache between runs, per product.</summary>
public sealed record CacheVolume(string Name, string MountPath, ImmutableDictionary<string, string> Environment)
{
    public static ImmutableArray<CacheVolume> For(string product) =>
    [
        new($"buildkit-{product}-go", "/cache/go", ImmutableDictionary<string, string>.Empty
            .Add("GOMODCACHE", "/cache/go/mod").Add("GOCACHE", "/cache/go/build")),
        new($"buildkit-{product}-node", "/cache/node", ImmutableDictionary<string, string>.Empty
            .Add("npm_config_cache", "/cache/node/npm").Add("YARN_CACHE_FOLDER", "/cache/node/yarn-classic")
            .Add("YARN_GLOBAL_FOLDER", "/cache/node/yarn").Add("COREPACK_HOME", "/cache/node/corepack")),
        new($"buildkit-{product}-ccache", "/cache/ccache", ImmutableDictionary<string, string>.Empty
            .Add("CCACHE_DIR", "/cache/ccache").Add("CCACHE_BASEDIR", "/src")),
    ];
}

/// <summary>
/// Runs steps in fresh --rm containers of a builder image, as the invoking user, with the plan's environment, the host's
/// extra trust, the user's network settings and the product's cache volumes. A container is removed when its step fails
/// or is cancelled: nothing is left running.
/// </summary>
public sealed class ContainerRunner(ContainerEngine engine, IProcessRunner runner, HostUser user, string? extraCaFile, bool useCaches, ImmutableDictionary<string, string> passThrough)
{
    public const string ExtraCaPath = "/etc/buildkit/extra-ca.crt";
    private const string Home = "/tmp/buildkit-home";
    private readonly HashSet<string> _preparedVolumes = [];

    public async Task<ProcessResult> RunAsync(ContainerStep step, CancellationToken cancellationToken)
    {
        var volumes = useCaches ? CacheVolume.For(step.Step.Product) : [];
        await PrepareVolumesAsync(step, volumes, cancellationToken);

        var name = $"buildkit-{step.Step.Product}-{step.Step.Name}-{Guid.NewGuid().ToString("N")[..12]}";
        var arguments = new List<string>
        {
            "run", "--rm", "--init", "--name", name, "--label", "buildkit.product=" + step.Step.Product,
            "--user", step.AsRoot ? "0:0" : $"{user.Uid}:{user.Gid}", "--workdir", step.WorkingDirectory, "--env", "HOME=" + Home,
        };
        if (engine.IsPodman && !step.AsRoot) arguments.Add("--userns=keep-id");
        foreach (var mount in step.Mounts) arguments.AddRange(["--volume", $"{mount.Source}:{mount.Target}:{(mount.ReadOnly ? "ro" : "rw")},z"]);
        if (extraCaFile is not null) arguments.AddRange(["--volume", $"{Path.GetFullPath(extraCaFile)}:{ExtraCaPath}:ro,z"]);
        foreach (var volume in volumes)
        {
            arguments.AddRange(["--volume", $"{volume.Name}:{volume.MountPath}"]);
            foreach (var (key, value) in volume.Environment) arguments.AddRange(["--env", $"{key}={value}"]);
        }
        foreach (var (key, value) in passThrough.Concat(step.Environment).OrderBy(e => e.Key, StringComparer.Ordinal))
            arguments.AddRange(["--env", $"{key}={value}"]);
        arguments.AddRange([step.Image, "bash", "-c", Prelude(step.CapturesOutput) + step.Script]);

        var command = engine.Command(step.Step, arguments) with { Quiet = step.CapturesOutput, AcceptsFailure = step.AcceptsFailure };
        try
        {
            return await runner.RunAsync(command, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or ToolFailedException)
        {
            await runner.RunAsync(engine.Command(step.Step, "rm", "--force", name) with { AcceptsFailure = true }, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Named volumes are created root-owned; hand their top folders to the user once, so steps can write their caches.</summary>
    private async Task PrepareVolumesAsync(ContainerStep step, IReadOnlyList<CacheVolume> volumes, CancellationToken cancellationToken)
    {
        var fresh = volumes.Where(v => _preparedVolumes.Add(v.Name)).ToList();
        if (fresh.Count == 0) return;
        var arguments = new List<string> { "run", "--rm", "--user", "0:0" };
        foreach (var volume in fresh) arguments.AddRange(["--volume", $"{volume.Name}:{volume.MountPath}"]);
        arguments.AddRange([step.Image, "chown", $"{user.Uid}:{user.Gid}", .. fresh.Select(v => v.MountPath)]);
        await runner.RunAsync(engine.Command(step.Step, arguments), cancellationToken);
    }

    /// <summary>
    /// Before every step: a home, and when the host hands in extra trust, one bundle of the builder's roots plus that trust
    /// for every TLS client the recipes use (git, curl, go, npm, yarn, node).
    /// </summary>
    private static string Prelude(bool capturesOutput) =>
        "set -euo pipefail\n" +
        (capturesOutput ? "" : "exec 1>&2\n") +
        $"mkdir -p {Home}\n" +
        $"if [ -s {ExtraCaPath} ]; then\n" +
        "  cat $(ls /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt 2>/dev/null) " + ExtraCaPath + $" > {Home}/ca-bundle.crt\n" +
        $"  export SSL_CERT_FILE={Home}/ca-bundle.crt GIT_SSL_CAINFO={Home}/ca-bundle.crt CURL_CA_BUNDLE={Home}/ca-bundle.crt\n" +
        $"  export REQUESTS_CA_BUNDLE={Home}/ca-bundle.crt npm_config_cafile={Home}/ca-bundle.crt YARN_HTTPS_CA_FILE_PATH={Home}/ca-bundle.crt\n" +
        $"  export NODE_EXTRA_CA_CERTS={ExtraCaPath}\n" +
        "fi\n";
}
