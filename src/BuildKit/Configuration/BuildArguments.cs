using System.Collections.Immutable;
using System.Globalization;

namespace BuildKit.Configuration;

/// <summary>What the user asked for on one product from the command line; null means "as the products file says".</summary>
public sealed record ProductOverrides(string? Repo = null, string? Ref = null, string? Commit = null);

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
    public ImmutableDictionary<string, string> Mirrors { get; init; } = ImmutableDictionary<string, string>.Empty;
    public string? Engine { get; init; }
    public string? BaseImage { get; init; }
    public bool RebuildBuilder { get; init; }
    public string? CaCert { get; init; }
    public bool NoCache { get; init; }
    public string? DistroMirror { get; init; }
    public ImmutableDictionary<string, ProductOverrides> Overrides { get; init; } =
        ImmutableDictionary<string, ProductOverrides>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);

    /// <summary>The products file named by --config, if any: read before the rest because per-product options depend on it.</summary>
    public static string? ConfigPath(IReadOnlyDictionary<string, IReadOnlyList<string>> raw) => Single(raw, Options.Config);

    public static BuildArguments Parse(IReadOnlyDictionary<string, IReadOnlyList<string>> raw, ProductsFile products)
    {
        var arguments = new BuildArguments();
        var overrides = arguments.Overrides;
        foreach (var name in raw.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var key = name.ToLowerInvariant();
            if (Options.CakeSwitches.Contains(key) && key != Options.Target) continue;
            switch (key)
            {
                case Options.Target:
                    arguments = arguments with { Target = Value(raw, name) };
                    break;
                case Options.Products:
                    arguments = arguments with { Products = ParseProducts(Value(raw, name), products) };
                    break;
                case Options.Config:
                    break;
                case Options.Distribution:
                    arguments = arguments with { Distribution = Containers.Distribution.Named(Value(raw, name), $"--{Options.Distribution}").Name };
                    break;
                case Options.Release:
                    arguments = arguments with { Release = ParseRelease(Value(raw, name)) };
                    break;
                case Options.AllowDowngrade:
                    arguments = arguments with { AllowDowngrade = Flag(raw, name) };
                    break;
                case Options.CacheDir:
                    arguments = arguments with { CacheDir = Value(raw, name) };
                    break;
                case Options.Mirror:
                    arguments = arguments with { Mirrors = ParseMirrors(Value(raw, name)) };
                    break;
                case Options.Engine:
                    arguments = arguments with { Engine = Value(raw, name) };
                    break;
                case Options.BaseImage:
                    arguments = arguments with { BaseImage = Value(raw, name) };
                    break;
                case Options.RebuildBuilder:
                    arguments = arguments with { RebuildBuilder = Flag(raw, name) };
                    break;
                case Options.CaCert:
                    arguments = arguments with { CaCert = Value(raw, name) };
                    break;
                case Options.NoCache:
                    arguments = arguments with { NoCache = Flag(raw, name) };
                    break;
                case Options.DistroMirror:
                    arguments = arguments with { DistroMirror = Value(raw, name) };
                    break;
                default:
                    overrides = ParseProductOption(key, Value(raw, name), products, overrides);
                    break;
            }
        }
        return arguments with { Overrides = overrides };
    }

    private static ImmutableDictionary<string, ProductOverrides> ParseProductOption(
        string key, string value, ProductsFile products, ImmutableDictionary<string, ProductOverrides> overrides)
    {
        foreach (var product in products.Products)
        {
            foreach (var suffix in Options.PerProduct.Select(o => o.Name))
            {
                if (!key.Equals(Options.ProductOption(product.Name, suffix), StringComparison.OrdinalIgnoreCase)) continue;
                var current = overrides.GetValueOrDefault(product.Name) ?? new ProductOverrides();
                var updated = suffix switch
                {
                    Options.RepoSuffix => current with { Repo = value },
                    Options.RefSuffix => current with { Ref = value },
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

    private static string Value(IReadOnlyDictionary<string, IReadOnlyList<string>> raw, string name)
    {
        var value = raw[name].LastOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return value ?? throw new ConfigurationException($"--{name} needs a value, e.g. --{name}=VALUE.");
    }

    private static string? Single(IReadOnlyDictionary<string, IReadOnlyList<string>> raw, string name)
    {
        var entry = raw.FirstOrDefault(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        return entry.Key is null ? null : Value(raw, entry.Key);
    }

    private static bool Flag(IReadOnlyDictionary<string, IReadOnlyList<string>> raw, string name)
    {
        var value = raw[name].LastOrDefault() ?? "";
        return value.ToLowerInvariant() switch
        {
            "" or "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw new ConfigurationException($"--{name}={value} is not a yes/no value. Write --{name} or --{name}=false."),
        };
    }
}
