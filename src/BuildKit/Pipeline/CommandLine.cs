using System.Collections.Immutable;
using System.Reflection;
using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Processes;

namespace BuildKit.Pipeline;

/// <summary>
/// What build.sh hands on after "--" because Cake would answer it with its own text (--help, -h, --version) or refuse it
/// (a bare word, such as ./build.sh hotspot): the engine answers it instead, from the tables its parser uses.
/// </summary>
public static class CommandLine
{
    private const string Separator = "--";
    private const string Version = "--version";
    private static readonly ImmutableHashSet<string> Help = ["--help", "-h"];

    /// <summary>The words after the first "--" of a process's command line: what build.sh handed on.</summary>
    public static ImmutableArray<string> HandedOn(IEnumerable<string> commandLine) => [.. commandLine.SkipWhile(a => a != Separator).Skip(1)];

    /// <summary>
    /// The text --help or --version prints. A bare word is bad input: it raises <see cref="ConfigurationException"/>, with the
    /// option it probably meant.
    /// </summary>
    public static async Task<string> AnswerAsync(
        ImmutableArray<string> handedOn, string root, IReadOnlyDictionary<string, IReadOnlyList<string>> arguments, IBuildLog log, CancellationToken cancellationToken)
    {
        var (products, productsFile) = ReadProducts(root, arguments);
        if (handedOn.Any(Help.Contains)) return HelpText.Render(products, productsFile, HelpWidth);
        if (handedOn.Contains(Version)) return $"BuildKit {await BuildKitVersionAsync(root, log, cancellationToken)} ({Host})\n";
        throw BareWord(handedOn, products);
    }

    /// <summary>The bare words of a command line, as the message that says what they probably meant.</summary>
    internal static ConfigurationException BareWord(IReadOnlyList<string> words, ProductsFile? products) => new(
        $"'{words[0]}' is not an option{(Suggestion(words, products) is { } meant ? $": did you mean `{meant}`?" : ".")} " +
        "Options are written --name=value, a flag as --name; ./build.sh --help lists them.");

    private static string? Suggestion(IReadOnlyList<string> words, ProductsFile? products)
    {
        var named = words.SelectMany(w => w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(w => products?.Find(w)?.Name)
            .ToList();
        if (named.Count > 0 && named.All(n => n is not null)) return $"--{Options.Products}={string.Join(",", named.Distinct())}";
        if (Targets.All.FirstOrDefault(t => t.Name.Equals(words[0], StringComparison.OrdinalIgnoreCase)) is { } target)
            return $"--{Options.Target}={target.Name}";
        var name = words[0].Split('=', 2)[0];
        var optionNames = Options.Global.Select(o => o.Name)
            .Concat((products?.Products ?? []).SelectMany(p => Options.PerProduct.Select(o => Options.ProductOption(p.Name, o.Name))));
        return optionNames.Any(o => o.Equals(name, StringComparison.OrdinalIgnoreCase)) ? "--" + words[0] : null;
    }

    /// <summary>The products file the command line names, or null when it cannot be read now; a run would stop and say why.</summary>
    private static (ProductsFile? Products, string Path) ReadProducts(string root, IReadOnlyDictionary<string, IReadOnlyList<string>> arguments)
    {
        var path = new Paths(Path.GetFullPath(root)).DefaultProductsFile;
        try
        {
            path = BuildArguments.ConfigPath(arguments) is { } given ? Path.GetFullPath(given) : path;
            return (ProductsFile.Load(path), path);
        }
        catch (ConfigurationException)
        {
            return (null, path);
        }
    }

    /// <summary>The terminal's width when the help goes to one, so that wrapped descriptions stay in their column.</summary>
    private static int HelpWidth => Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 100 : Math.Clamp(Console.WindowWidth, 60, 120);

    /// <summary>git describe of the checkout when it is one; else the engine's informational version, which names its commit.</summary>
    private static async Task<string> BuildKitVersionAsync(string root, IBuildLog log, CancellationToken cancellationToken)
    {
        if (Path.Exists(Path.Combine(root, ".git")))
        {
            try
            {
                var describe = new ToolCommand("git", "describe", "--always", "--dirty").InDirectory(root) with { Quiet = true, AcceptsFailure = true };
                var result = await new ProcessRunner(log).RunAsync(describe, cancellationToken);
                if (result.Succeeded && result.StandardOutput.Trim() is { Length: > 0 } described) return described;
            }
            catch (ToolFailedException)
            {
                // git is not installed: the engine's own version below still names the commit it was built from.
            }
        }
        return Informational(typeof(CommandLine).Assembly) ?? "(unknown version)";
    }

    /// <summary>The program running the engine and its version without build metadata: "Cake 7.0.0" under build.sh.</summary>
    private static string Host => Assembly.GetEntryAssembly() is { } host
        ? $"{host.GetName().Name} {Informational(host)?.Split('+')[0]}"
        : "no host";

    private static string? Informational(Assembly assembly) => assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
