using System.Text;
using System.Text.RegularExpressions;

namespace BuildKit.Products;

/// <summary>
/// What of a Go module's own files decides which packages <c>go mod vendor</c> copies, besides go.mod and go.sum: each file's
/// build constraints and import paths. A change to a function body leaves it as it was; a new import does not.
/// </summary>
public static partial class GoImports
{
    public static string Digest(string tree)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(tree, "*.go", new EnumerationOptions { RecurseSubdirectories = true }).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(tree, file).Replace('\\', '/');
            if (relative.Split('/').SkipLast(1).Any(IgnoredByGo)) continue;
            var header = Header(File.ReadAllText(file));
            text.Append(relative).Append('\n');
            foreach (Match constraint in Constraint().Matches(header)) text.Append(constraint.Value.Trim()).Append('\n');
            foreach (var block in ImportBlock().Matches(header).Select(m => m.Groups[1].Value).Concat(SingleImport().Matches(header).Select(m => m.Groups[1].Value)))
                foreach (Match path in ImportPath().Matches(block)) text.Append(path.Value).Append('\n');
        }
        return Hashing.Sha256(text.ToString());
    }

    /// <summary>Folders the go command never builds from, and the module's own vendor/ and node_modules/, whose files are not the module's code.</summary>
    private static bool IgnoredByGo(string folder) => folder is "vendor" or "testdata" or "node_modules" || folder.StartsWith('.') || folder.StartsWith('_');

    /// <summary>A file up to its first declaration: Go allows build constraints and imports only before it.</summary>
    private static string Header(string source) => FirstDeclaration().Match(source) is { Success: true } m ? source[..m.Index] : source;

    [GeneratedRegex(@"^(func|type|var|const)\b", RegexOptions.Multiline)]
    private static partial Regex FirstDeclaration();

    [GeneratedRegex(@"^//(go:build| \+build) .*$", RegexOptions.Multiline)]
    private static partial Regex Constraint();

    [GeneratedRegex(@"^import\s*\((.*?)\)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ImportBlock();

    [GeneratedRegex(@"^import\s+([^(\s].*)$", RegexOptions.Multiline)]
    private static partial Regex SingleImport();

    [GeneratedRegex("\"[^\"]*\"|`[^`]*`")]
    private static partial Regex ImportPath();
}
