using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.GitHub;
using BuildKit.Products;
using BuildKit.Versioning;

namespace BuildKit.Planning;

/// <summary>Computes the <see cref="BuildPlan"/>: a pure function of the products file, the arguments, the environment and the clock.</summary>
public static class BuildPlanner
{
    /// <summary>Variables that carry the user's network setup into every builder step; a recipe adds those of its own package managers.</summary>
    public static readonly IReadOnlyList<string> ProxyVariables = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];

    public static BuildPlan Create(ProductsFile file, BuildArguments arguments, EnvironmentSnapshot environment, DateTimeOffset now, Paths paths, TargetScope target)
    {
        var distribution = Distribution.Named(arguments.Distribution ?? file.Distribution ?? Distribution.DefaultName, "the plan");
        if (distribution.EnterpriseLinux && arguments.DistroMirror is not null)
            throw new ConfigurationException(
                $"--{Options.DistroMirror} rewrites Fedora's and Debian's repository files, and the {distribution.Name} builder reads AlmaLinux's and EPEL's, " +
                $"which it does not rewrite. Base the builder on an image whose repository files already point at your mirror (--{Options.BaseImage}=IMAGE) " +
                $"and leave out --{Options.DistroMirror}.");
        if (arguments.From is { } from && !target.Publishes)
            throw new ConfigurationException(
                $"--{Options.From}={from} publishes results built elsewhere, and target {target.Name} does not publish. " +
                $"Use it with --{Options.Target}=Publish (a release of the version) or --{Options.Target}=Nightly (the rolling nightly release).");
        var definitions = (arguments.Products ?? [.. file.Products.Select(p => p.Name)]).Select(name => file.Find(name)!).ToList();
        var recipes = definitions.ToDictionary(d => d.Name, RecipeCatalog.For);
        foreach (var definition in definitions) CheckPackager(arguments.Packager, distribution, definition, recipes[definition.Name]);
        var github = GitHubSettings.Resolve(arguments.GitHubApiUrl, arguments.GitHubRepo, environment);
        if (target.Publishes) github.Validate(arguments.DryRun);
        if (arguments.Sign && arguments.SignKey is null && environment[EnvVars.GpgKey] is null)
            throw new ConfigurationException(
                $"--{Options.Sign} needs a private key: pass --{Options.SignKey}=FILE (an armoured OpenPGP key) or put the key in ${EnvVars.GpgKey}. Without --{Options.Sign} nothing is signed.");
        var (cache, cacheChosenBy) = Paths.Cache(arguments.CacheDir, environment);
        var volumePrefix = CacheVolume.Prefix(arguments.CacheVolumes, environment, cache);
        var (caFile, caFileChosenBy) = CaFile(arguments, environment);
        // Credentials written into URLs leave them here, before any URL is stored, logged or hashed into a cache key.
        var credentials = new RemoteUrl.CredentialCollector();
        var products = definitions
            .Select(definition => PlanProduct(definition, recipes[definition.Name], arguments, environment, target, distribution, paths, volumePrefix, credentials))
            .ToImmutableArray();
        var hosted = Hosted(arguments, target, credentials);
        var mirrors = file.Mirrors.SetItems(arguments.Mirrors).ToImmutableDictionary(m => m.Key, m => credentials.Strip(m.Value));
        return new BuildPlan(
            target,
            now.ToUniversalTime(),
            file.Source,
            distribution,
            arguments.Release ?? 1,
            arguments.AllowDowngrade,
            cache,
            cacheChosenBy,
            mirrors,
            credentials.Credentials,
            new BuilderSettings(
                arguments.Engine,
                arguments.BaseImage ?? distribution.BaseImage,
                arguments.RebuildBuilder,
                caFile,
                caFileChosenBy,
                !arguments.NoCache,
                arguments.DistroMirror)
            {
                GoDownload = arguments.GoDownload == GoReleases.Off ? null : arguments.GoDownload,
                Location = EngineLocation.Of(arguments.RemoteEngine, arguments.Engine, environment),
            },
            arguments.Packager,
            arguments.CheckReproducible,
            github,
            arguments.DryRun,
            new SigningSettings(arguments.Sign, arguments.SignKey),
            arguments.RepoUrl,
            arguments.KeepNightlies,
            arguments.Parallel,
            arguments.NoWait,
            arguments.ReportUpstream,
            products)
        {
            ChangelogAuthor = arguments.ChangelogAuthor ?? Changelog.DefaultAuthor,
            Payload = PayloadCompression.Choose(arguments.PayloadCompression, target.Publishes),
            Clean = arguments.Clean,
            CacheVolumes = volumePrefix,
            From = arguments.From,
            HostedRepository = hosted,
        };
    }

    /// <summary>--repo-push: only where packages are published, and with the URL its branch is served at, which the .repo file names.</summary>
    private static HostedRepositorySettings? Hosted(BuildArguments arguments, TargetScope target, RemoteUrl.CredentialCollector credentials)
    {
        if (arguments.RepoPush is not { } remote) return null;
        if (!target.Publishes)
            throw new ConfigurationException(
                $"--{Options.RepoPush} pushes the dnf repository of what is published, and target {target.Name} does not publish. " +
                $"Use it with --{Options.Target}=Publish or --{Options.Target}=Nightly.");
        if (arguments.RepoUrl is not { } url)
            throw new ConfigurationException(
                $"--{Options.RepoPush} needs --{Options.RepoUrl}=URL, where the {arguments.RepoBranch} branch is served as static pages: " +
                "the .repo file users install from names it.");
        return new HostedRepositorySettings(credentials.Strip(remote), arguments.RepoBranch, url);
    }

    /// <summary>The extra CA file builders trust and what named it: --ca-cert, else $SSL_CERT_FILE, else $NODE_EXTRA_CA_CERTS.</summary>
    private static (string? File, string? ChosenBy) CaFile(BuildArguments arguments, EnvironmentSnapshot environment) =>
        arguments.CaCert is { } option ? (option, $"--{Options.CaCert}")
        : environment[EnvVars.SslCertFile] is { } ssl ? (ssl, "$" + EnvVars.SslCertFile)
        : environment[EnvVars.NodeExtraCaCerts] is { } node ? (node, "$" + EnvVars.NodeExtraCaCerts)
        : (null, null);

    /// <summary>A packager other than rpmbuild is upstream's own (Grafana's legacy fpm): only its product and a builder that has it can use it.</summary>
    private static void CheckPackager(Packager packager, Distribution distribution, ProductDefinition product, IRecipe recipe)
    {
        var name = packager.ToString().ToLowerInvariant();
        if (!recipe.Packagers.Contains(packager))
            throw new ConfigurationException(
                $"--{Options.Packager}={name} is not how {product.Name} is packaged: the {recipe.Name} recipe supports {string.Join(", ", recipe.Packagers.Select(p => p.ToString().ToLowerInvariant()))}. " +
                $"Build it with the default --{Options.Packager}=rpmbuild, or select only the products that support {name} with --{Options.Products}=.");
        if (recipe.Toolset(distribution, "", packager).Tools.FirstOrDefault(t => !t.In(distribution).IsAvailable) is { } missing)
            throw new ConfigurationException(
                $"--{Options.Packager}={name} cannot run in the {distribution.Name} builder: {missing.In(distribution).UnavailableBecause}. " +
                $"Use a Fedora distribution (--{Options.Distribution}={Distribution.DefaultName}) or the default --{Options.Packager}=rpmbuild.");
    }

    private static ProductPlan PlanProduct(
        ProductDefinition product, IRecipe recipe, BuildArguments arguments, EnvironmentSnapshot environment, TargetScope target, Distribution distribution,
        Paths paths, string volumePrefix, RemoteUrl.CredentialCollector credentials)
    {
        var overrides = arguments.Overrides.GetValueOrDefault(product.Name) ?? new ProductOverrides();
        var workingCopy = overrides is { RepoIsWorkingCopy: true, Ref: null, Commit: null };
        if (workingCopy && target.Publishes)
            throw new ConfigurationException(
                $"{product.Name}: --{Options.ProductOption(product.Name, Options.RepoSuffix)}={overrides.Repo} without a ref builds the working copy as it is on disk, " +
                $"uncommitted changes included, and target {target.Name} never publishes such a build: nobody could rebuild it from the repository. " +
                $"Commit and push your changes, then publish a ref: --{Options.ProductOption(product.Name, Options.RefSuffix)}=BRANCH, a tag or a commit id.");
        // A ref given on the command line replaces the file's ref, and with it the file's pin on that ref.
        var pin = workingCopy ? null : overrides.Commit ?? (overrides.Ref is null ? product.Commit : null);
        return new ProductPlan(
            product.Name,
            product.Where,
            credentials.Strip(overrides.Repo ?? product.Repo),
            workingCopy ? ProductPlan.WorkingCopyRef : overrides.Ref ?? product.Ref,
            pin,
            recipe,
            product.Spec,
            product.Patches,
            product.Upstream is { } upstream ? upstream with { Repo = credentials.Strip(upstream.Repo) } : null,
            paths.Rpms(distribution.Name),
            arguments.NoCache ? [] : [.. recipe.Caches.Select(cache => new CacheMount(cache.VolumeName(volumePrefix, product.Name), cache))],
            recipe.EnvironmentDefaults.SetItems(ProxyVariables.Concat(recipe.PassThrough).Where(name => environment[name] is not null).Distinct()
                .ToDictionary(name => name, name => environment[name]!)),
            [.. target.AllStages.Select(stage => new PlannedStage(stage, Decide(stage, target, arguments)))])
        {
            VersionFrom = VersionFrom(product, recipe, overrides),
            WorkingCopy = workingCopy,
        };
    }

    /// <summary>
    /// What a stage does for every product, as far as the target and the options say. Publishing results built elsewhere
    /// (--from) builds nothing: only Provision runs before Publish, for the builder that signs and makes the repository.
    /// </summary>
    private static StageDecision Decide(string stage, TargetScope target, BuildArguments arguments) =>
        !target.Runs.Contains(stage) ? StageDecision.Skip($"not part of target {target.Name}")
        : arguments.From is { } from && !target.RunsWithResults.Contains(stage)
            ? StageDecision.Skip($"its results come from --{Options.From}={from}")
            : StageDecision.Run;

    private static VersionSource VersionFrom(ProductDefinition product, IRecipe recipe, ProductOverrides overrides)
    {
        var (text, where) = overrides.VersionFrom is { } option
            ? (option, $"--{Options.ProductOption(product.Name, Options.VersionFromSuffix)}")
            : (product.VersionFrom, $"{product.Where}: products.{product.Name}.version-from");
        if (text is null) return VersionSource.Tag;
        return VersionSource.TryParse(text, recipe.VersionFile) ?? throw new ConfigurationException(
            $"{where}: '{text}' is not a version source. Use {VersionSource.TagKeyword} (the default: the commit's tags)" +
            (recipe.VersionFile is { } file ? $", {file} (the version the {product.Name} tree states there)" : "") +
            ", or a version such as 6.5.0.");
    }
}
