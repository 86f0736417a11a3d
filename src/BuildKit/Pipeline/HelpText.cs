using System.Text;
using BuildKit.Configuration;

namespace BuildKit.Pipeline;

/// <summary>
/// ./build.sh --help: the targets, the options, the environment variables and a few examples, rendered from the tables
/// the parser and the pipeline use, so that it cannot drift from what they accept.
/// </summary>
public static class HelpText
{
    private const string Script = "./build.sh";
    private const string Product = "PRODUCT";

    /// <summary>The help, its descriptions wrapped to <paramref name="width"/>; <paramref name="products"/> is null when the products file cannot be read.</summary>
    public static string Render(ProductsFile? products, string productsFile, int width)
    {
        var text = new StringBuilder();
        text.AppendLine($"Usage: {Script} [--name=value | --flag]...").AppendLine();
        Section(text, $"Targets (--{Options.Target}=NAME; {Targets.Default} when not given):",
            Targets.All.Select(t => (t.Name, t.Description)), width);
        Section(text, "Options:", Options.Global.Select(o => (o.Usage, o.Description)), width);
        var perProduct = products is null
            ? $"{Product} is a product of {productsFile}, which cannot be read now; {Script} --{Options.Target}={Targets.Plan} says why"
            : $"{Product} is one of: {string.Join(", ", products.Products.Select(p => p.Name))}";
        Section(text, $"Options for one product ({perProduct}):",
            Options.PerProduct.Select(o => (ForProduct(Product, o.Name), o.Description)), width);
        Section(text, "Environment variables:", EnvVars.All.Select(v => (v.Name, v.Meaning)), width);
        text.AppendLine("Examples:");
        foreach (var (command, what) in Examples(products?.Products.FirstOrDefault()?.Name ?? Product)) text.AppendLine($"  # {what}\n  {command}");
        text.AppendLine();
        text.AppendLine("Cake's own switches (e.g. --verbosity=diagnostic) are passed to Cake; README.md tells the rest.");
        return text.ToString();
    }

    private static List<(string Command, string What)> Examples(string product) =>
    [
        ($"{Script} --{Options.Target}={Targets.Plan}", "what would be built from where, and why; nothing runs"),
        ($"{Script} --{Options.Products}={product}", $"build, package and verify {product} as the products file says"),
        ($"{Script} --{Options.Products}={product} {ForProduct(product, Options.RepoSuffix)} {ForProduct(product, Options.RefSuffix)}", "the same from a branch of your fork"),
        ($"{Script} --{Options.Target}={Targets.Test}", "prepare this machine and run every test"),
    ];

    /// <summary>A per-product option as a product spells it, e.g. --grafana-ref=REF.</summary>
    private static string ForProduct(string product, string suffix) =>
        (Options.PerProduct.Single(o => o.Name == suffix) with { Name = Options.ProductOption(product, suffix) }).Usage;

    private static void Section(StringBuilder text, string title, IEnumerable<(string Name, string Text)> rows, int width)
    {
        text.AppendLine(title);
        var all = rows.ToList();
        var column = all.Max(r => r.Name.Length) + 4;
        foreach (var (name, description) in all)
        {
            var lines = Wrap(description, Math.Max(width - column, 30));
            text.Append("  ").Append(name.PadRight(column - 2)).AppendLine(lines[0]);
            foreach (var line in lines.Skip(1)) text.Append(' ', column).AppendLine(line);
        }
        text.AppendLine();
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > width) lines.Add("");
            lines[^1] = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
        }
        return lines;
    }
}
