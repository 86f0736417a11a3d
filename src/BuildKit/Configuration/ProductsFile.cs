using System.Collections.Immutable;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BuildKit.Configuration;

/// <summary>
/// One product as the products file defines it. Relative paths are already resolved against the file's folder.
/// <paramref name="Options"/>, <paramref name="Packages"/> and <paramref name="Smoke"/> drive the generic recipes (cmake, make,
/// go); <paramref name="Where"/> is FILE:LINE of its entry, for messages about it.
/// </summary>
public sealed record ProductDefinition(
    string Name,
    string Repo,
    string Ref,
    string? Commit,
    string Recipe,
    string Spec,
    ImmutableArray<string> Patches,
    UpstreamBranch? Upstream = null,
    ImmutableArray<string> Options = default,
    ImmutableArray<string> Packages = default,
    string? Smoke = null,
    string Where = "",
    string? VersionFrom = null);

/// <summary>The upstream a fork follows, for --report-upstream: its repository and branch.</summary>
public sealed record UpstreamBranch(string Repo, string Branch);

/// <summary>specs/products.yaml: what to build and from where.</summary>
public sealed partial record ProductsFile(
    string Source,
    string? Distribution,
    ImmutableDictionary<string, string> Mirrors,
    ImmutableArray<ProductDefinition> Products)
{
    public const string DefaultRelativePath = "specs/products.yaml";

    private static readonly ImmutableHashSet<string> TopLevelKeys = ["distribution", "mirrors", "products"];
    private static readonly ImmutableHashSet<string> ProductKeys = ["repo", "ref", "commit", "recipe", "spec", "patches", "upstream", "options", "packages", "smoke", "version-from"];
    private static readonly ImmutableHashSet<string> UpstreamKeys = ["repo", "branch"];

    public ProductDefinition? Find(string name) =>
        Products.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static ProductsFile Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new ConfigurationException($"The products file {path} does not exist. Pass an existing file with --{Options.Config}=FILE, or restore {DefaultRelativePath}.");
        return Parse(File.ReadAllText(fullPath), fullPath);
    }

    public static ProductsFile Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"{source}:{e.Start.Line}: not valid YAML ({e.Message}). Fix the syntax at that line.");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unterminated flow collections.
            throw new ConfigurationException($"{source}: not valid YAML (an unterminated [ or {{ ?). Fix the syntax.");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigurationException($"{source}: expected a mapping with a 'products' key at the top. See {DefaultRelativePath} for the format.");

        RejectUnknownKeys(root, TopLevelKeys, source, "");
        var distribution = OptionalString(root, "distribution", source, "");
        if (distribution is not null) Configuration.Distribution.Named(distribution, $"{source}: distribution");
        if (!root.Children.TryGetValue(new YamlScalarNode("products"), out var productsNode))
            throw new ConfigurationException($"{source}: the key 'products' is missing. Add a 'products:' mapping with one entry per product.");
        if (productsNode is not YamlMappingNode productsMap || productsMap.Children.Count == 0)
            throw new ConfigurationException($"{source}:{Line(productsNode)}: 'products' must be a mapping of product names to their settings, with at least one product.");

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
        var products = productsMap.Children
            .Select(entry => ParseProduct(entry.Key, entry.Value, source, baseDirectory))
            .ToImmutableArray();
        return new ProductsFile(source, distribution, ParseMirrors(root, source), products);
    }

    internal static string ValidCommit(string value, string where) =>
        CommitPattern().IsMatch(value)
            ? value.ToLowerInvariant()
            : throw new ConfigurationException($"{where}: '{value}' is not a commit id (7 to 40 hexadecimal digits). Give the commit's hash, or use a ref instead.");

    private static ProductDefinition ParseProduct(YamlNode keyNode, YamlNode valueNode, string source, string baseDirectory)
    {
        var name = ((YamlScalarNode)keyNode).Value ?? "";
        if (!NamePattern().IsMatch(name))
            throw new ConfigurationException($"{source}:{Line(keyNode)}: product name '{name}' must be lower-case letters, digits and dashes (it becomes an option prefix, e.g. --{name}-ref).");
        var where = $"products.{name}";
        if (valueNode is not YamlMappingNode product)
            throw new ConfigurationException($"{source}:{Line(valueNode)}: {where} must be a mapping with repo, ref, recipe and spec.");
        RejectUnknownKeys(product, ProductKeys, source, where + ".");

        var recipe = RequiredString(product, "recipe", source, where);
        var commit = OptionalString(product, "commit", source, where);
        var spec = Path.GetFullPath(RequiredString(product, "spec", source, where), baseDirectory);
        if (SpecName(spec) is { } package && package != name)
            throw new ConfigurationException(
                $"{source}:{Line(keyNode)}: product '{name}' is packaged by {spec}, whose Name is '{package}'. Source0, the packages and the " +
                $"install checks are named after the product: call the product '{package}' (a fork's repository and branch go in its repo: and ref:).");
        return new ProductDefinition(
            name,
            ResolveRepo(RequiredString(product, "repo", source, where), baseDirectory),
            RequiredString(product, "ref", source, where),
            commit is null ? null : ValidCommit(commit, $"{source}: {where}.commit"),
            recipe,
            spec,
            [.. List(product, "patches", source, where).Select(p => Path.GetFullPath(p, baseDirectory))],
            Upstream(product, source, where, baseDirectory),
            [.. List(product, "options", source, where)],
            [.. List(product, "packages", source, where)],
            OptionalString(product, "smoke", source, where),
            $"{source}:{Line(keyNode)}",
            OptionalString(product, "version-from", source, where));
    }

    /// <summary>The spec's literal Name, when the spec is there and names itself without macros.</summary>
    private static string? SpecName(string spec) =>
        File.Exists(spec) && SpecNameTag().Match(File.ReadAllText(spec)) is { Success: true } match && !match.Groups[1].Value.Contains('%')
            ? match.Groups[1].Value
            : null;

    /// <summary>upstream: { repo: URL, branch: NAME } — what --report-upstream compares the fork with.</summary>
    private static UpstreamBranch? Upstream(YamlMappingNode product, string source, string where, string baseDirectory)
    {
        if (!product.Children.TryGetValue(new YamlScalarNode("upstream"), out var node)) return null;
        if (node is not YamlMappingNode upstream)
            throw new ConfigurationException($"{source}:{Line(node)}: {where}.upstream must be a mapping with repo and branch.");
        RejectUnknownKeys(upstream, UpstreamKeys, source, where + ".upstream.");
        return new UpstreamBranch(
            ResolveRepo(RequiredString(upstream, "repo", source, where + ".upstream"), baseDirectory),
            RequiredString(upstream, "branch", source, where + ".upstream"));
    }

    /// <summary>
    /// A value or a list of values, kept in the order written: patches (files or folders, applied in order), options (of a
    /// generic recipe's build command), packages (extra builder packages on the apt family).
    /// </summary>
    private static IEnumerable<string> List(YamlMappingNode product, string key, string source, string where)
    {
        if (!product.Children.TryGetValue(new YamlScalarNode(key), out var node)) return [];
        if (node is YamlScalarNode { Value: { Length: > 0 } single }) return [single];
        if (node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            return list.Children.Select(c => ((YamlScalarNode)c).Value!);
        throw new ConfigurationException($"{source}:{Line(node)}: {where}.{key} must be a value or a list of values.");
    }

    /// <summary>mirrors: URL prefix -> replacement, applied to every repository and submodule URL (git's url.BASE.insteadOf).</summary>
    internal static ImmutableDictionary<string, string> ParseMirrors(YamlMappingNode root, string source)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("mirrors"), out var node)) return ImmutableDictionary<string, string>.Empty;
        if (node is not YamlMappingNode map || !map.Children.All(e => e.Key is YamlScalarNode { Value.Length: > 0 } && e.Value is YamlScalarNode { Value.Length: > 0 }))
            throw new ConfigurationException($"{source}:{Line(node)}: mirrors must map URL prefixes to their replacements, e.g. \"https://github.com/\": \"https://git.example.com/mirror/\".");
        return map.Children.ToImmutableDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!);
    }

    /// <summary>URLs stay as written; a local path is resolved against the products file's folder.</summary>
    private static string ResolveRepo(string repo, string baseDirectory) => IsLocalPath(repo) ? Path.GetFullPath(repo, baseDirectory) : repo;

    /// <summary>A repo written as a path on this machine, not a URL (scheme://, or scp-like user@host:path).</summary>
    public static bool IsLocalPath(string repo) => !repo.Contains("://", StringComparison.Ordinal) && !repo.Contains('@');

    private static void RejectUnknownKeys(YamlMappingNode node, ImmutableHashSet<string> known, string source, string prefix)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name))
                throw new ConfigurationException($"{source}:{Line(key)}: unknown key '{prefix}{name}'. Allowed here: {string.Join(", ", known.Order())}.");
        }
    }

    private static string RequiredString(YamlMappingNode node, string key, string source, string where) =>
        OptionalString(node, key, source, where)
        ?? throw new ConfigurationException($"{source}:{Line(node)}: {where} has no '{key}'. Add '{key}:' to it.");

    private static string? OptionalString(YamlMappingNode node, string key, string source, string where)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value)) return null;
        var label = where.Length == 0 ? key : $"{where}.{key}";
        if (value is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
            throw new ConfigurationException($"{source}:{Line(value)}: {label} must be a text value.");
        return scalar.Value.Trim();
    }

    private static long Line(YamlNode node) => node.Start.Line;

    [GeneratedRegex(@"^Name:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SpecNameTag();

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex CommitPattern();
}
