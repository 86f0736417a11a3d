using System.Collections.Immutable;
using System.Runtime.InteropServices;
using BuildKit.Configuration;
using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>A host folder seen inside the container.</summary>
public sealed record ContainerMount(string Source, string Target, bool ReadOnly = false);

/// <summary>One build step to run in a builder container: a bash script, where it runs, what it sees.</summary>
public sealed record ContainerStep(LogStep Step, string Image, string Script, string WorkingDirectory)
{
    public ImmutableArray<ContainerMount> Mounts { get; init; } = [];
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>True for steps whose standard output is their answer (a version query); build steps send everything to one stream.</summary>
    public bool CapturesOutput { get; init; }

    /// <summary>True for steps that install packages (the install test): they run as root inside the container.</summary>
    public bool AsRoot { get; init; }

    /// <summary>True for build steps: they see the product's cache volumes (Go, npm/yarn, ccache).</summary>
    public bool UsesCaches { get; init; }

    /// <summary>True when a non-zero exit is an answer for the caller to read, not a failure.</summary>
    public bool AcceptsFailure { get; init; }

    public ContainerStep WithMount(string source, string target, bool readOnly = false) => this with { Mounts = Mounts.Add(new(source, target, readOnly)) };

    /// <summary>
    /// True when a container started from this template can run <paramref name="step"/> too: the same image, every folder
    /// the step mounts where the step wants it (one the step only reads may be writable here), the caches when the step
    /// uses them. A step that installs packages as root never shares: it gets a clean container of its own.
    /// </summary>
    public bool Serves(ContainerStep step) =>
        Image == step.Image && !step.AsRoot && (UsesCaches || !step.UsesCaches)
        && step.Mounts.All(wanted => Mounts.Any(m => m.Target == wanted.Target && Path.GetFullPath(m.Source) == Path.GetFullPath(wanted.Source) && (wanted.ReadOnly || !m.ReadOnly)));
    public ContainerStep WithEnvironment(string name, string value) => this with { Environment = Environment.SetItem(name, value) };
}

/// <summary>The identity files written by a step belong to: the invoking user, by default.</summary>
public sealed record HostUser(uint Uid, uint Gid)
{
    public static readonly HostUser Root = new(0, 0);

    public static HostUser Current() => new(GetUid(), GetGid());

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for two plain integer calls.
    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();

    [DllImport("libc", EntryPoint = "getgid")]
    private static extern uint GetGid();
#pragma warning restore SYSLIB1054
}

/// <summary>
/// A tool's cache kept between runs in a named volume: one per cache folder, product and kind, so that builds with another
/// cache folder (tests, a second checkout) never share the developer's. A recipe declares the kinds its build uses.
/// </summary>
public sealed record CacheVolume(string Kind, string MountPath, ImmutableDictionary<string, string> Environment)
{
    public static CacheVolume Go { get; } = new("go", "/cache/go", ImmutableDictionary<string, string>.Empty
        .Add("GOMODCACHE", "/cache/go/mod").Add("GOCACHE", "/cache/go/build"));

    public static CacheVolume Node { get; } = new("node", "/cache/node", ImmutableDictionary<string, string>.Empty
        .Add("npm_config_cache", "/cache/node/npm").Add("YARN_CACHE_FOLDER", "/cache/node/yarn-classic")
        .Add("YARN_GLOBAL_FOLDER", "/cache/node/yarn").Add("COREPACK_HOME", "/cache/node/corepack")
        .Add("BUILDKIT_TOOLCHAINS", "/cache/node/toolchains"));

    // No CCACHE_BASEDIR: the tree is always mounted at the same path, so hits need none, and the relative paths it would
    // write into the debug info (../src/...) name no file find-debuginfo can collect into the debugsource package.
    public static CacheVolume Ccache { get; } = new("ccache", "/cache/ccache", ImmutableDictionary<string, string>.Empty
        .Add("CCACHE_DIR", "/cache/ccache"));

    /// <summary>The prefix of every volume name that belongs to this cache folder when nothing else names one.</summary>
    public static string DefaultPrefix(string cacheDirectory) => $"buildkit-{Hashing.Sha256(Path.GetFullPath(cacheDirectory))[..8]}";

    /// <summary>The prefix the volumes' names start with: --cache-volumes, else $BUILDKIT_CACHE_VOLUMES, else the cache folder's.</summary>
    public static string Prefix(string? option, EnvironmentSnapshot environment, string cacheDirectory)
    {
        var (prefix, chosenBy) = option is not null ? (option, $"--{Options.CacheVolumes}")
            : environment[EnvVars.CacheVolumes] is { } variable ? (variable, "$" + EnvVars.CacheVolumes)
            : (DefaultPrefix(cacheDirectory), null);
        // The engine's own rule for volume names, checked here so that the first build step does not fail on it.
        return System.Text.RegularExpressions.Regex.IsMatch(prefix, "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
            ? prefix
            : throw new ConfigurationException(
                $"{chosenBy}={prefix} cannot start a volume name: use letters, digits, '_', '.' and '-', beginning with a letter or digit, e.g. {chosenBy}=buildkit-ci.");
    }

    public string VolumeName(string prefix, string product) => $"{prefix}-{product}-{Kind}";
}

/// <summary>A cache volume as one product's builds mount it.</summary>
public sealed record CacheMount(string VolumeName, CacheVolume Cache);

/// <summary>
/// Runs steps in fresh builder containers, as the invoking user, with the plan's environment, the host's extra trust, the
/// user's network settings and, for build steps, the product's cache volumes. A container is removed whatever happens to its
/// steps (success, failure, time-out, Ctrl-C): nothing is left running. With <paramref name="removals"/>, the removal goes
/// on in the background and the run waits for it before it ends. A step's folders are bind-mounted, or on an engine that
/// does not see this machine's files, copied in and out (<see cref="CopiedMounts"/>).
/// </summary>
public sealed class ContainerRunner(
    ContainerEngine engine, IProcessRunner runner, HostUser user, string? extraCaFile, ImmutableArray<CacheMount> caches, ImmutableDictionary<string, string> passThrough,
    ContainerRemovals? removals = null)
{
    public const string ExtraCaPath = "/etc/buildkit/extra-ca.crt";
    private const string Home = "/tmp/buildkit-home";

    /// <summary>One step in the product's kept container when it serves the step, else in a container of its own.</summary>
    public async Task<ProcessResult> RunAsync(ContainerStep step, CancellationToken cancellationToken)
    {
        if (removals?.KeptFor(step) is { } kept) return await kept.RunAsync(step, cancellationToken);
        await using var container = await StartAsync(step, cancellationToken);
        return await container.RunAsync(step, cancellationToken);
    }

    /// <summary>
    /// Starts the product's container for its build and keeps it running after the build, for the later stages' steps it
    /// serves (<see cref="ContainerStep.Serves"/>): Package's and Verify's steps then cost an exec instead of a container's
    /// start and removal. <paramref name="laterMounts"/> are the folders those steps mount; the run removes it as it ends.
    /// </summary>
    public async Task<BuilderContainer> StartKeptAsync(ContainerStep template, IEnumerable<ContainerMount> laterMounts, CancellationToken cancellationToken)
    {
        if (removals is null) throw new InvalidOperationException("A kept container is removed as the run ends: the runner needs the run's removals.");
        foreach (var mount in laterMounts) Directory.CreateDirectory(mount.Source);
        template = template with { Mounts = template.Mounts.AddRange(laterMounts.Where(m => !template.Mounts.Any(t => t.Target == m.Target))) };
        var container = await StartAsync(template, cancellationToken);
        await removals.KeepAsync(container, template);
        return container;
    }

    /// <summary>Removes a kept container now rather than as the run ends: a failed build's, in which a step may still be running.</summary>
    public Task RemoveKeptAsync(BuilderContainer container) => removals?.RemoveNowAsync(container) ?? container.DisposeAsync().AsTask();

    /// <summary>
    /// Starts one container for a sequence of steps that share the template's image, mounts and environment; each step then
    /// runs in it with exec, which costs a fraction of a fresh container's start.
    /// </summary>
    public async Task<BuilderContainer> StartAsync(ContainerStep template, CancellationToken cancellationToken)
    {
        var volumes = template.UsesCaches ? caches : [];
        var name = $"buildkit-{template.Step.Product}-{template.Step.Name}-{Guid.NewGuid().ToString("N")[..12]}";
        var arguments = new List<string>
        {
            "run", "--detach", "--rm", "--init", "--name", name, "--label", "buildkit.product=" + template.Step.Product,
            "--label", $"{ContainerOwner.Label}={ContainerOwner.Current}",
            "--user", "0:0", "--env", "HOME=" + Home,
        };
        if (engine.Rootless) arguments.Add("--userns=keep-id");
        var mounts = extraCaFile is null ? template.Mounts : template.Mounts.Add(new(Path.GetFullPath(extraCaFile), ExtraCaPath, ReadOnly: true));
        if (!engine.Remote)
            foreach (var mount in mounts) arguments.AddRange(["--volume", $"{mount.Source}:{mount.Target}:{(mount.ReadOnly ? "ro" : "rw")},z"]);
        foreach (var volume in volumes)
        {
            arguments.AddRange(["--volume", $"{volume.VolumeName}:{volume.Cache.MountPath}"]);
            foreach (var (key, value) in volume.Cache.Environment) arguments.AddRange(["--env", $"{key}={value}"]);
        }
        foreach (var (key, value) in passThrough.OrderBy(e => e.Key, StringComparer.Ordinal)) arguments.AddRange(["--env", $"{key}={value}"]);
        arguments.AddRange([template.Image, .. ContainerOwner.Watchdog]);

        var container = new BuilderContainer(engine, runner, user, name, template.Step, removals)
        {
            Copies = engine.Remote ? new CopiedMounts(engine, runner, user, name, template.Step, mounts) : null,
        };
        try
        {
            await runner.RunAsync(engine.Command(template.Step, arguments), cancellationToken);
            container.RenewLease();
            // Named volumes are created root-owned: hand their top folders to the user, so steps can write their caches.
            if (volumes.Length > 0 && user != HostUser.Root)
                await runner.RunAsync(engine.Command(template.Step, ["exec", "--user", "0:0", name, "chown", $"{user.Uid}:{user.Gid}", .. volumes.Select(v => v.Cache.MountPath)]), cancellationToken);
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Before every step: a home, and when the host hands in extra trust, one bundle of the builder's roots plus that trust
    /// for every TLS client the recipes use (git, curl, go, npm, yarn, node).
    /// </summary>
    internal static string Prelude(bool capturesOutput) =>
        "set -euo pipefail\n" +
        (capturesOutput ? "" : "exec 1>&2\n") +
        $"mkdir -p {Home}\n" +
        $"if [ -s {ExtraCaPath} ]; then\n" +
        // Written aside and moved into place: a step running beside this one may be reading the bundle.
        "  cat $(ls /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt 2>/dev/null) " + ExtraCaPath + $" > {Home}/ca-bundle.crt.$$\n" +
        $"  mv -f {Home}/ca-bundle.crt.$$ {Home}/ca-bundle.crt\n" +
        $"  export SSL_CERT_FILE={Home}/ca-bundle.crt GIT_SSL_CAINFO={Home}/ca-bundle.crt CURL_CA_BUNDLE={Home}/ca-bundle.crt\n" +
        $"  export REQUESTS_CA_BUNDLE={Home}/ca-bundle.crt npm_config_cafile={Home}/ca-bundle.crt YARN_HTTPS_CA_FILE_PATH={Home}/ca-bundle.crt\n" +
        $"  export NODE_EXTRA_CA_CERTS={ExtraCaPath}\n" +
        "fi\n";
}
