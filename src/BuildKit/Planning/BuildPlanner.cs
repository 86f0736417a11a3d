using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;

namespace BuildKit.Planning;

/// <summary>Computes the <see cref="BuildPlan"/>: a pure function of the products file, the arguments, the environment and the clock.</summary>
public static class BuildPlanner
{
    public static BuildPlan Create(ProductsFile file, BuildArguments arguments, EnvironmentSnapshot environment, DateTimeOffset now, Paths paths)
    {
        var target = Targets.Canonical(arguments.Target);
        var distribution = Distribution.Named(arguments.Distribution ?? file.Distribution ?? Distribution.DefaultName, "the plan");
        var names = arguments.Products ?? [.. file.Products.Select(p => p.Name)];
        if (arguments.Packager == Packaging.Packager.Fpm)
            CheckFpm(distribution, names.Select(n => file.Find(n)!));
        var github = Publishing.GitHubSettings.Resolve(arguments.GitHubApiUrl, arguments.GitHubRepo, environment);
        if (Targets.StagesOf(target).Contains(Stage.Publish)) github.Validate(arguments.DryRun);
        if (arguments.Sign && arguments.SignKey is null && environment[EnvVars.GpgKey] is null)
            throw new ConfigurationException(
                $"--{Options.Sign} needs a private key: pass --{Options.SignKey}=FILE (an armoured OpenPGP key) or put the key in ${EnvVars.GpgKey}. Without --{Options.Sign} nothing is signed.");
        var products = names
            .Select(name => PlanProduct(file.Find(name)!, arguments, target, distribution, paths))
            .ToImmutableArray();
        return new BuildPlan(
            target,
            now.ToUniversalTime(),
            file.Source,
            distribution,
            arguments.Release ?? 1,
            arguments.AllowDowngrade,
            Paths.Cache(arguments.CacheDir, environment),
            file.Mirrors.SetItems(arguments.Mirrors),
            Builder(arguments, environment, distribution),
            arguments.Packager,
            arguments.CheckReproducible,
            github,
            arguments.DryRun,
            new SigningSettings(arguments.Sign, arguments.SignKey),
            arguments.RepoUrl,
            arguments.KeepNightlies,
            arguments.Parallel,
            arguments.ReportUpstream,
            products);
    }

    /// <summary>fpm exists only in the Fedora builder, and only Grafana's legacy build.go drives it.</summary>
    private static void CheckFpm(Distribution distribution, IEnumerable<ProductDefinition> products)
    {
        var fpm = Containers.Toolchains.Named("fpm").In(distribution.Family);
        if (!fpm.IsAvailable)
            throw new ConfigurationException(
                $"--{Options.Packager}=fpm cannot run in the {distribution.Name} builder: {fpm.UnavailableBecause}. " +
                $"Use a Fedora distribution (--{Options.Distribution}={Distribution.DefaultName}) or the default --{Options.Packager}=rpmbuild.");
        if (products.FirstOrDefault(p => p.Recipe != "grafana") is { } other)
            throw new ConfigurationException(
                $"--{Options.Packager}=fpm is Grafana's own legacy packaging; {other.Name} uses the {other.Recipe} recipe. Build it with the default --{Options.Packager}=rpmbuild, or select --{Options.Products}=grafana.");
    }

    /// <summary>Variables that carry the user's network setup (proxies, Go and npm mirrors) into every builder step.</summary>
    public static readonly IReadOnlyList<string> PassThroughVariables =
    [
        "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE",
        "npm_config_registry", "NPM_CONFIG_REGISTRY", "YARN_NPM_REGISTRY_SERVER", "COREPACK_NPM_REGISTRY", "COREPACK_INTEGRITY_KEYS",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    ];

    private static BuilderSettings Builder(BuildArguments arguments, EnvironmentSnapshot environment, Distribution distribution) => new(
        arguments.Engine,
        arguments.BaseImage ?? distribution.BaseImage,
        arguments.RebuildBuilder,
        arguments.CaCert ?? environment[EnvVars.SslCertFile] ?? environment[EnvVars.NodeExtraCaCerts],
        !arguments.NoCache,
        arguments.DistroMirror,
        PassThroughVariables.Where(name => environment[name] is not null).ToImmutableDictionary(name => name, name => environment[name]!));

    private static ProductPlan PlanProduct(ProductDefinition product, BuildArguments arguments, string target, Distribution distribution, Paths paths)
    {
        var overrides = arguments.Overrides.GetValueOrDefault(product.Name) ?? new ProductOverrides();
        var requestedRef = overrides.Ref ?? product.Ref;
        // A ref given on the command line replaces the file's ref, and with it the file's pin on that ref.
        var pin = overrides.Commit ?? (overrides.Ref is null ? product.Commit : null);
        return new ProductPlan(
            product.Name,
            overrides.Repo ?? product.Repo,
            requestedRef,
            pin,
            product.Recipe,
            product.Spec,
            product.Patches,
            product.Upstream,
            paths.Rpms(distribution.Name),
            [.. Enum.GetValues<Stage>().Select(stage => PlanStage(stage, target, product.Recipe))]);
    }

    private static StagePlan PlanStage(Stage stage, string target, string recipe)
    {
        if (!Targets.StagesOf(target).Contains(stage))
            return StagePlan.Skip(stage, $"not part of target {(target == Targets.Plan ? Targets.Default : target)}");
        if (!Targets.Available.Contains(stage))
            return StagePlan.Skip(stage, "not available yet in this BuildKit version");
        if (stage is Stage.Build or Stage.Package && Recipes.RecipeCatalog.Find(recipe) is null)
            return StagePlan.Skip(stage, $"the {recipe} recipe cannot build yet in this BuildKit version");
        return StagePlan.Run(stage);
    }
}
