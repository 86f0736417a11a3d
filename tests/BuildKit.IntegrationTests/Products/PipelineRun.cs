using BuildKit.Configuration;

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

    public static PipelineRun Open(TempDir temp, string productsYaml, params string[] options)
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
        environment = environment with { Variables = environment.Variables.Remove(EnvVars.SslCertFile).Remove(EnvVars.NodeExtraCaCerts) };
        return new PipelineRun(BuildSession.Open(Repository.Root, arguments, environment, DateTimeOffset.UtcNow, log), log);
    }

    /// <summary>Fetch, Version, Provision, Build, Package: the Package target's stages, top to bottom.</summary>
    public async Task PackageAsync()
    {
        await Session.FetchAsync(CancellationToken.None);
        Session.Version();
        await Session.ProvisionAsync(CancellationToken.None);
        await Session.BuildAsync(CancellationToken.None);
        await Session.PackageAsync(CancellationToken.None);
    }
}
