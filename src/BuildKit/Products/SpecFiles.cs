using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BuildKit.Configuration;
using BuildKit.Containers;

namespace BuildKit.Products;

/// <summary>What BuildKit reads of a spec: its BuildRequires (and the builder tools providing them), the sources beside it.</summary>
public static partial class SpecFiles
{
    /// <summary>A spec's extra sources live beside it, named after it: grafana.spec takes grafana.sysusers.</summary>
    public static IEnumerable<string> CompanionSources(string spec) =>
        Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(spec))!, Path.GetFileNameWithoutExtension(spec) + ".*")
            .Where(file => !file.EndsWith(".spec", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Every package name the spec's BuildRequires lines name, versions and macros left out, in the order written.</summary>
    public static ImmutableArray<string> BuildRequires(string spec) =>
        !File.Exists(spec) ? [] : [.. BuildRequiresLine().Matches(File.ReadAllText(spec))
            .SelectMany(m => Names(m.Groups[1].Value))
            .Distinct()];

    /// <summary>
    /// The apt family's tools for the spec's BuildRequires, found by their Fedora names in the toolchain table. A name the
    /// table does not know is refused unless the product lists its Debian packages itself (packages: in products.yaml).
    /// </summary>
    public static ImmutableArray<Tool> AptTools(ProductDefinition product)
    {
        var required = BuildRequires(product.Spec);
        var tools = required.Select(name => (Name: name, Tool: Toolchains.Known.FirstOrDefault(t => t.Dnf.Packages.Contains(name)))).ToList();
        var unknown = tools.Where(t => t.Tool is null).Select(t => t.Name).ToList();
        if (unknown.Count > 0 && product.Packages.IsDefaultOrEmpty)
            throw new RecipeException(
                $"{product.Name}'s spec {product.Spec} needs {string.Join(", ", unknown)} (BuildRequires), which BuildKit cannot name on the apt family. " +
                $"List the Debian packages that provide them in packages: of {product.Name} ({product.Where}), e.g. packages: [libfoo-dev].");
        return [.. tools.Where(t => t.Tool is not null).Select(t => t.Tool!).Distinct()];
    }

    private static IEnumerable<string> Names(string line)
    {
        var skipVersion = false;
        foreach (var token in line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (skipVersion) { skipVersion = false; continue; }
            if (token is ">=" or "<=" or "=" or ">" or "<" or "==") { skipVersion = true; continue; }
            if (!token.Contains('%')) yield return token;
        }
    }

    [GeneratedRegex(@"(?m)^BuildRequires:\s*(.+?)\s*$")]
    private static partial Regex BuildRequiresLine();
}
