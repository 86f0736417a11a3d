using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Pipeline;
using BuildKit.Processes;
using BuildKit.Stages.Package;
using BuildKit.Stages.Verify;

namespace BuildKit.IntegrationTests.Products;

/// <summary>
/// Runs the real pipeline (the stages build/build.cake runs, in the same order) on a products file made in a temp folder,
/// with the Debian builder on the debootstrap base image, artifacts and caches kept in the temp folder.
/// </summary>
public sealed class PipelineRun
{
    private PipelineRun(StageRunner pipeline, RecordingLog log)
    {
        Pipeline = pipeline;
        Log = log;
    }

    public StageRunner Pipeline { get; }
    public RecordingLog Log { get; }
    public Paths Paths => Pipeline.Run.Paths;

    public PackagedProduct Packages(string product) => Pipeline[product].Packages.Value;
    public ProvisionedBuilder Builder(string product) => Pipeline[product].Builder.Value;
    public VerificationReport Verification(string product) => Pipeline[product].Verification.Value;

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
        return new PipelineRun(StageRunner.Open(Repository.Root, arguments, environment, DateTimeOffset.UtcNow, log), log);
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

    /// <summary>Fetch and Version: no builder, no container.</summary>
    public Task VersionAsync() => ThroughAsync(BuildPipeline.Version);

    /// <summary>Fetch, Version and the builder: no build.</summary>
    public Task ProvisionAsync() => ThroughAsync(BuildPipeline.Provision);

    /// <summary>Every stage up to Package, top to bottom.</summary>
    public Task PackageAsync() => ThroughAsync(BuildPipeline.Package);

    /// <summary>Every stage up to Sbom: Package, then the summary of what the packages carry.</summary>
    public Task SbomAsync() => ThroughAsync(BuildPipeline.Sbom);

    /// <summary>Every stage up to Verify.</summary>
    public Task VerifyAsync() => ThroughAsync(BuildPipeline.Verify);

    /// <summary>Every stage up to Publish.</summary>
    public Task PublishAsync() => ThroughAsync(BuildPipeline.Publish);

    /// <summary>Runs the stages up to <paramref name="last"/> and, as a run ends, waits for its containers to be removed.</summary>
    private async Task ThroughAsync(string last)
    {
        try
        {
            foreach (var stage in BuildPipeline.Stages)
            {
                await Pipeline.RunAsync(stage, CancellationToken.None);
                if (stage.Name == last) return;
            }
        }
        finally
        {
            await Pipeline.Run.Removals.WaitAsync();
        }
    }
}
