using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Logging;
using BuildKit.Planning;
using BuildKit.Processes;
using BuildKit.Recipes;
using BuildKit.Sources;
using BuildKit.Versioning;

namespace BuildKit;

/// <summary>
/// The engine's entry points for one run: build/build.cake opens a session (which computes and prints the plan) and
/// each of its tasks calls one method here.
/// </summary>
public sealed class BuildSession
{
    private readonly IBuildLog _log;
    private readonly Dictionary<string, FetchedSource> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PackageVersion> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProvisionedBuilder> _builders = new(StringComparer.Ordinal);

    private BuildSession(Paths paths, BuildPlan plan, EnvironmentSnapshot environment, IBuildLog log, IProcessRunner runner)
    {
        Paths = paths;
        Plan = plan;
        Environment = environment;
        _log = log;
        Runner = runner;
    }

    public Paths Paths { get; }
    public BuildPlan Plan { get; }
    public EnvironmentSnapshot Environment { get; }
    public IProcessRunner Runner { get; }

    /// <summary>Reads the products file and the arguments and computes the plan. Bad input raises <see cref="ConfigurationException"/>.</summary>
    public static BuildSession Open(
        string root,
        IReadOnlyDictionary<string, IReadOnlyList<string>> arguments,
        EnvironmentSnapshot environment,
        DateTimeOffset now,
        IBuildLog log)
    {
        var paths = new Paths(Path.GetFullPath(root));
        var configPath = BuildArguments.ConfigPath(arguments) is { } given ? Path.GetFullPath(given) : paths.DefaultProductsFile;
        var products = ProductsFile.Load(configPath);
        var plan = BuildPlanner.Create(products, BuildArguments.Parse(arguments, products), environment, now, paths);
        return new BuildSession(paths, plan, environment, log, new ProcessRunner(log, paths.Logs));
    }

    public void PrintPlan() => _log.Information(PlanTable.Render(Plan, Paths));

    /// <summary>Fetch: each product's exact commit as a clean tree with submodules and patches.</summary>
    public async Task FetchAsync(CancellationToken cancellationToken)
    {
        var git = new GitSettings(Plan.Mirrors, Environment[EnvVars.GitToken], GitSettings.DefaultRemoteTimeout);
        var fetcher = new SourceFetcher(Plan.CacheDirectory, git, Runner, _log);
        foreach (var product in Plan.Products.Where(p => p[Stage.Fetch].Runs))
        {
            _sources[product.Name] = await fetcher.FetchAsync(
                product.Name, product.Repo, product.RequestedRef, product.PinnedCommit, product.Recipe,
                PatchSet.From(product.Patches), Path.Combine(Paths.Worktrees, product.Name), cancellationToken);
        }
    }

    /// <summary>Version: the RPM Version-Release of each fetched product, printed one product a line as PRODUCT VERSION-RELEASE COMMIT.</summary>
    public void Version()
    {
        foreach (var product in Plan.Products.Where(p => p[Stage.Version].Runs))
        {
            var source = _sources[product.Name];
            var version = VersionPolicy.Compute(source.Facts, Plan.Release);
            _versions[product.Name] = version;
            _log.Verbose($"{product.Name}: {version.Reason}");
            _log.Information($"{product.Name} {version} {source.Ref.Commit}");
        }
    }

    /// <summary>Provision: each product's builder image, reused when its content hash is unchanged, built otherwise.</summary>
    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        var engine = ContainerEngine.Select(Plan.Builder.Engine, Environment);
        await engine.CheckAsync(Runner, new LogStep("builder", "engine"), cancellationToken);
        var provisioner = new BuilderProvisioner(engine, Runner);
        foreach (var product in Plan.Products.Where(p => p[Stage.Provision].Runs))
        {
            var family = Plan.Distribution.Family;
            var image = new BuilderImage(
                Plan.Distribution,
                RecipeToolsets.For(product.Recipe, family, _sources[product.Name].Worktree),
                Plan.Builder.BaseImage,
                Paths.Containerfile(family),
                Plan.Builder.CaFile,
                Plan.Builder.DistroMirror);
            var step = new LogStep(product.Name, "provision");
            _log.Information($"[{step}] builder {image.Tag} ({image.Toolset.Name}, {image.Packages.Length} packages, FROM {image.BaseImage})");
            var builder = await provisioner.EnsureAsync(image, Plan.Builder.Rebuild, Paths.Builders, step, cancellationToken);
            _builders[product.Name] = builder;
            _log.Information($"[{step}] {(builder.Reused ? "reused" : "built")} {builder.Tag} in {builder.Duration.TotalSeconds:0.0} s ({builder.ImageId[..19]})");
        }
    }
}
