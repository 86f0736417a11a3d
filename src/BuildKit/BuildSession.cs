using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Planning;
using BuildKit.Processes;

namespace BuildKit;

/// <summary>
/// The engine's entry points for one run: build/build.cake opens a session (which computes and prints the plan) and
/// each of its tasks calls one method here.
/// </summary>
public sealed class BuildSession
{
    private readonly IBuildLog _log;

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
}
