using System.Collections.Immutable;
using System.Globalization;

namespace BuildKit.Configuration;

/// <summary>What the user asked for on one product from the command line; null means "as the products file says".</summary>
public sealed record ProductOverrides(string? Repo = null, string? Ref = null, string? Commit = null, string? VersionFrom = null)
{
    /// <summary>The repo is a local git working copy (its top folder, where .git is): without a ref, what is on disk is built.</summary>
    public bool RepoIsWorkingCopy { get; init; }
}

/// <summary>The command line, validated and typed. Parse it after the products file is known: per-product options name its products.</summary>
public sealed record BuildArguments
{
    public const string DefaultTarget = "Default";

    public string Target { get; init; } = DefaultTarget;
    public ImmutableArray<string>? Products { get; init; }
    public string? Distribution { get; init; }
    public int? Release { get; init; }
    public bool AllowDowngrade { get; init; }
    public string? CacheDir { get; init; }
    public string? CacheVolumes { get; init; }
    public string? Artifacts { get; init; }
    public ImmutableDictionary<string, string> Mirrors { get; init; } = ImmutableDictionary<string, string>.Empty;
    public string? Engine { get; init; }
    public bool RemoteEngine { get; init; }
    public string? BaseImage { get; init; }
    public bool RebuildBuilder { get; init; }
    public string? CaCert { get; init; }
    public bool NoCache { get; init; }
    public string? DistroMirror { get; init; }
    public string GoDownload { get; init; } = GoReleases.DefaultDownload;
    public Packager Packager { get; init; } = Packager.Rpmbuild;
    public bool CheckReproducible { get; init; }
    public string? GitHubRepo { get; init; }
    public string? GitHubApiUrl { get; init; }
    public bool DryRun { get; init; }
    public bool Sign { get; init; }
    public string? SignKey { get; init; }
    public string? RepoUrl { get; init; }
    public string? ChangelogAuthor { get; init; }
    public string? PayloadCompression { get; init; }
    public bool Clean { get; init; }
    public string? From { get; init; }
    public string? RepoPush { get; init; }
    public string RepoBranch { get; init; } = "gh-pages";
    public int KeepNightlies { get; init; } = 7;
    public bool Parallel { get; init; }
    public bool NoWait { get; init; }
    public bool ReportUpstream { get; init; }
    public ImmutableDictionary<string, ProductOverrides> Overrides { get; init; } =
        ImmutableDictionary<string, ProductOverrides>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);

    /// <summary>The products file named by --config, if any: read before the rest because per-product options depend on it.</summary>
    public static string? ConfigPath(IReadOnlyDictionary<string, IReadOnlyList<string>> raw) => Single(raw, Options.Config);

    /// <summary>How each global option sets its field; per-product options are handled apart.</summary>
    private static readonly ImmutableDictionary<string, Func<BuildArguments, OptionValue, BuildArguments>> Setters =
        new Dictionary<string, Func<BuildArguments, OptionValue, BuildArguments>>
        {
            [Options.Target] = (a, o) => a with { Target = o.Text() },
            [Options.Products] = (a, o) => a with { Products = ParseProducts(o.Text(), o.Products!) },
            [Options.Config] = (a, _) => a,
            [Options.Distribution] = (a, o) => a with { Distribution = Configuration.Distribution.Named(o.Text(), $"--{Options.Distribution}").Name },
            [Options.Release] = (a, o) => a with { Release = ParseRelease(o.Text()) },
            [Options.AllowDowngrade] = (a, o) => a with { AllowDowngrade = o.Flag() },
            [Options.CacheDir] = (a, o) => a with { CacheDir = o.Text() },
            [Options.CacheVolumes] = (a, o) => a with { CacheVolumes = o.Text() },
            [Options.Artifacts] = (a, o) => a with { Artifacts = Path.GetFullPath(o.Text()) },
            [Options.Mirror] = (a, o) => a with { Mirrors = ParseMirrors(o.Text()) },
            [Options.Engine] = (a, o) => a with { Engine = o.Text() },
            [Options.BaseImage] = (a, o) => a with { BaseImage = o.Text() },
            [Options.RebuildBuilder] = (a, o) => a with { RebuildBuilder = o.Flag() },
            [Options.CaCert] = (a, o) => a with { CaCert = o.Text() },
            [Options.NoCache] = (a, o) => a with { NoCache = o.Flag() },
            [Options.Clean] = (a, o) => a with { Clean = o.Flag() },
            [Options.From] = (a, o) => a with { From = Path.GetFullPath(o.Text()) },
            [Options.RepoPush] = (a, o) => a with { RepoPush = o.Text() },
            [Options.RepoBranch] = (a, o) => a with { RepoBranch = o.Text() },
            [Options.PayloadCompression] = (a, o) => a with { PayloadCompression = o.Text() },
            [Options.DistroMirror] = (a, o) => a with { DistroMirror = o.Text() },
            [Options.GoDownload] = (a, o) => a with { GoDownload = ParseGoDownload(o.Text()) },
            [Options.CheckReproducible] = (a, o) => a with { CheckReproducible = o.Flag() },
            [Options.Parallel] = (a, o) => a with { Parallel = o.Flag() },
            [Options.NoWait] = (a, o) => a with { NoWait = o.Flag() },
            [Options.RemoteEngine] = (a, o) => a with { RemoteEngine = o.Flag() },
            [Options.ReportUpstream] = (a, o) => a with { ReportUpstream = o.Flag() },
            [Options.GitHubRepo] = (a, o) => a with { GitHubRepo = o.Text() },
            [Options.GitHubApiUrl] = (a, o) => a with { GitHubApiUrl = o.Text() },
            [Options.DryRun] = (a, o) => a with { DryRun = o.Flag() },
            [Options.Sign] = (a, o) => a with { Sign = o.Flag() },
            [Options.SignKey] = (a, o) => a with { SignKey = Path.GetFullPath(o.Text()) },
            [Options.RepoUrl] = (a, o) => a with { RepoUrl = o.Text() },
            [Options.ChangelogAuthor] = (a, o) => a with { ChangelogAuthor = Versioning.Changelog.CheckAuthor(o.Text()) },
            [Options.KeepNightlies] = (a, o) => a with { KeepNightlies = int.TryParse(o.Text(), out var keep) && keep >= 1
                ? keep
                : throw new ConfigurationException($"--{Options.KeepNightlies}={o.Text()} is not a positive whole number. Use e.g. --{Options.KeepNightlies}=7.") },
            [Options.Packager] = (a, o) => a with { Packager = Enum.TryParse<Packager>(o.Text(), ignoreCase: true, out var packager)
                ? packager
                : throw new ConfigurationException($"--{Options.Packager}={o.Text()} is not a packager. Use rpmbuild (the default) or fpm.") },
        }.ToImmutableDictionary();

    public static BuildArguments Parse(IReadOnlyDictionary<string, IReadOnlyList<string>> raw, ProductsFile products)
    {
        var arguments = new BuildArguments();
        foreach (var name in raw.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var key = name.ToLowerInvariant();
            var option = new OptionValue(name, raw[name], products);
            if (Setters.TryGetValue(key, out var set)) arguments = set(arguments, option);
            else if (!Options.CakeSwitches.Contains(key)) arguments = arguments with { Overrides = ParseProductOption(key, option, products, arguments.Overrides) };
        }
        return arguments;
    }

    /// <summary>One option as Cake passed it: its name, its values, and the products file per-product options refer to.</summary>
    private sealed record OptionValue(string Name, IReadOnlyList<string> Values, ProductsFile? Products = null)
    {
        public string Text() =>
            Values.LastOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? throw new ConfigurationException($"--{Name} needs a value, e.g. --{Name}=VALUE.");

        public bool Flag()
        {
            var value = Values.LastOrDefault() ?? "";
            return value.ToLowerInvariant() switch
            {
                "" or "true" or "yes" or "1" => true,
                "false" or "no" or "0" => false,
                _ => throw new ConfigurationException($"--{Name}={value} is not a yes/no value. Write --{Name} or --{Name}=false."),
            };
        }
    }

    /// <summary>
    /// A local path is the caller's (relative to where build.sh was started, ~ for the home folder); when it lies inside a
    /// git working copy, the repo is that working copy's top folder.
    /// </summary>
    private static ProductOverrides WithRepo(ProductOverrides current, string value)
    {
        if (!ProductsFile.IsLocalPath(value)) return current with { Repo = value, RepoIsWorkingCopy = false };
        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        var path = Path.GetFullPath(value == "~" ? home : value.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, value[2..]) : value);
        // A bare repository is a repository, never part of the working copy that may enclose it (a home folder kept in git).
        if (File.Exists(Path.Combine(path, "HEAD")) && Directory.Exists(Path.Combine(path, "objects"))) return current with { Repo = path, RepoIsWorkingCopy = false };
        for (var folder = new DirectoryInfo(path); folder is not null; folder = folder.Parent)
            if (Directory.Exists(Path.Combine(folder.FullName, ".git")) || File.Exists(Path.Combine(folder.FullName, ".git")))
                return current with { Repo = folder.FullName, RepoIsWorkingCopy = true };
        return current with { Repo = path, RepoIsWorkingCopy = false };
    }

    private static ImmutableDictionary<string, ProductOverrides> ParseProductOption(
        string key, OptionValue option, ProductsFile products, ImmutableDictionary<string, ProductOverrides> overrides)
    {
        foreach (var product in products.Products)
        {
            foreach (var suffix in Options.PerProduct.Select(o => o.Name))
            {
                if (!key.Equals(Options.ProductOption(product.Name, suffix), StringComparison.OrdinalIgnoreCase)) continue;
                var value = option.Text();
                var current = overrides.GetValueOrDefault(product.Name) ?? new ProductOverrides();
                var updated = suffix switch
                {
                    Options.RepoSuffix => WithRepo(current, value),
                    Options.RefSuffix => current with { Ref = value },
                    Options.VersionFromSuffix => current with { VersionFrom = value },
                    _ => current with { Commit = ProductsFile.ValidCommit(value, $"--{key}") },
                };
                return overrides.SetItem(product.Name, updated);
            }
        }
        var known = string.Join(", ", Options.Global.Select(o => "--" + o.Name)
            .Concat(products.Products.SelectMany(p => Options.PerProduct.Select(o => $"--{p.Name}-{o.Name}"))));
        throw new ConfigurationException($"Unknown option '--{key}'. Known options: {known}. See README.md, 'Options'.");
    }

    private static ImmutableArray<string> ParseProducts(string value, ProductsFile products)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new ConfigurationException($"--{Options.Products} is empty. Name one or more of: {string.Join(", ", products.Products.Select(p => p.Name))}.");
        foreach (var name in names)
        {
            if (products.Find(name) is null)
                throw new ConfigurationException(
                    $"Unknown product '{name}' in --{Options.Products}. Products in {products.Source}: {string.Join(", ", products.Products.Select(p => p.Name))}.");
        }
        return [.. names.Select(n => products.Find(n)!.Name).Distinct()];
    }

    private static ImmutableDictionary<string, string> ParseMirrors(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => pair.Length == 2 && pair[0].Length > 0 && pair[1].Length > 0
                ? KeyValuePair.Create(pair[0], pair[1])
                : throw new ConfigurationException($"--{Options.Mirror}={value}: each entry must be FROM=TO, e.g. --{Options.Mirror}=https://github.com/=file:///srv/mirrors/."))
            .ToImmutableDictionary();

    private static int ParseRelease(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var release) && release >= 1
            ? release
            : throw new ConfigurationException($"--{Options.Release}={value} is not a positive whole number. Use e.g. --{Options.Release}=2.");

    /// <summary>An http(s) folder of Go releases, or <see cref="GoReleases.Off"/>.</summary>
    private static string ParseGoDownload(string value) =>
        value == GoReleases.Off
        || (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
            ? value
            : throw new ConfigurationException(
                $"--{Options.GoDownload}={value} is not an http(s) URL. Use a folder of Go releases such as --{Options.GoDownload}={GoReleases.DefaultDownload}, " +
                $"or --{Options.GoDownload}={GoReleases.Off} to refuse trees that need a Go the builder lacks.");

    private static string? Single(IReadOnlyDictionary<string, IReadOnlyList<string>> raw, string name)
    {
        var entry = raw.FirstOrDefault(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        return entry.Key is null ? null : new OptionValue(entry.Key, entry.Value).Text();
    }
}
