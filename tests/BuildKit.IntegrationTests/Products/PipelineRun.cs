using BuildKit.Configuration;
using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Products;

/// <summary>
/// Runs the real pipeline (the engine entry points build/build.cake calls, in the same order) on a products file made
/// in a temp folder, with the Debian builder on the debootstrap base image and artifacts kept in the temp folder.
/// </summary>
internal sealed class PipelineRun
{
    private PipelineRun(BuildSession session, RecordingLog log)
    {
        Session = session;
        Log = log;
    }

    public BuildSession Session { get; }
    public RecordingLog Log { get; }

    /// <param name="hostTrust">Hand this machine's CA bundle and npm registry to the builder (recipes that download, like Grafana's yarn).</param>
    public static PipelineRun Open(TempDir temp, string productsYaml, bool hostTrust = false, params string[] options) =>
        Open(temp, productsYaml, hostTrust, new Dictionary<string, string>(), options);

    public static PipelineRun Open(TempDir temp, string productsYaml, bool hostTrust, IReadOnlyDictionary<string, string> variables, params string[] options)
    {
        var config = temp.File("products.yaml", productsYaml);
        var arguments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["config"] = [config],
            ["distribution"] = ["debian-12"],
            ["base-image"] = [Docker.BaseImage],
            ["artifacts"] = [temp.Combine("artifacts")],
            ["cache-dir"] = [temp.Combine("cache")],
        };
        foreach (var option in options.Select(o => o.TrimStart('-').Split('=', 2))) arguments[option[0]] = [option.Length > 1 ? option[1] : ""];
        var log = new RecordingLog();
        var environment = EnvironmentSnapshot.Capture();
        environment = hostTrust
            ? environment with { Variables = environment.Variables.SetItems(NpmRegistry()) }
            : environment with { Variables = environment.Variables.Remove(EnvVars.SslCertFile).Remove(EnvVars.NodeExtraCaCerts) };
        environment = environment with { Variables = environment.Variables.SetItems(variables) };
        return new PipelineRun(BuildSession.Open(Repository.Root, arguments, environment, DateTimeOffset.UtcNow, log), log);
    }

    /// <summary>The npm registry this machine uses, for npm and corepack in the builder (which skips signatures the registry copy lacks).</summary>
    private static Dictionary<string, string> NpmRegistry()
    {
        var registry = new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("npm", "config", "get", "registry") with { Quiet = true, AcceptsFailure = true })
            .GetAwaiter().GetResult().StandardOutput.Trim();
        return registry.StartsWith("http", StringComparison.Ordinal)
            ? new() { ["npm_config_registry"] = registry, ["COREPACK_NPM_REGISTRY"] = registry, ["COREPACK_INTEGRITY_KEYS"] = "0" }
            : [];
    }

    /// <summary>Fetch, Version, Provision, Build, Package: the Package target's stages, top to bottom.</summary>
    public async Task PackageAsync()
    {
        await Session.FetchAsync(CancellationToken.None);
        await Session.VersionAsync(CancellationToken.None);
        await Session.ProvisionAsync(CancellationToken.None);
        await Session.BuildAsync(CancellationToken.None);
        await Session.PackageAsync(CancellationToken.None);
    }

    /// <summary>The Verify target's stages: Package's, then Verify.</summary>
    public async Task VerifyAsync()
    {
        await PackageAsync();
        await Session.VerifyAsync(CancellationToken.None);
    }

    /// <summary>The Publish target's stages: Verify's, then Publish.</summary>
    public async Task PublishAsync()
    {
        await VerifyAsync();
        await Session.PublishAsync(CancellationToken.None);
    }
}
