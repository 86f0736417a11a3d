using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using BuildKit.Products;

namespace BuildKit.Stages.Build;

/// <summary>
/// Outputs of reusable steps, kept under the cache folder by a key of everything the step depends on: the builder image,
/// the step's script, the path, mode and content of every input file of the tree as fetched (before any step ran), and
/// the recipe's digest of the tree when it has one.
/// An entry appears whole or not at all; the newest <see cref="Kept"/> entries per product and step are kept.
/// </summary>
public sealed class StepOutputCache(string cacheDirectory)
{
    public const int Kept = 2;

    public static string Key(string tree, string builderImageId, RecipeStep step)
    {
        var reuse = step.Reuse ?? throw new ArgumentException($"Step {step.Name} declares no reusable outputs.", nameof(step));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(builderImageId);
        Add(step.Script);
        foreach (var relative in InputFiles(tree, reuse))
        {
            var file = Path.Combine(tree, relative);
            var info = new FileInfo(file);
            Add(relative);
            if (info.LinkTarget is { } target) Add("link " + target);
            else Add($"{(info.UnixFileMode & UnixFileMode.UserExecute) != 0} {Hashing.FileSha256(file)}");
        }
        if (reuse.Digest is { } digest) Add("digest " + digest(tree));
        return Hashing.Hex(hash)[..24];
    }

    /// <summary>Copies the saved outputs into the tree; false when there is no complete entry for the key.</summary>
    public bool TryRestore(string product, RecipeStep step, string key, string tree)
    {
        var entry = Entry(product, step, key);
        if (!Directory.Exists(entry)) return false;
        foreach (var output in step.Reuse!.Outputs)
        {
            var target = Path.Combine(tree, output);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            CopyDirectory(Path.Combine(entry, output), target);
        }
        Directory.SetLastWriteTimeUtc(entry, DateTime.UtcNow);
        return true;
    }

    /// <summary>Saves the step's outputs from the tree under the key, then drops all but the newest entries.</summary>
    public void Save(string product, RecipeStep step, string key, string tree)
    {
        var entry = Entry(product, step, key);
        var partial = entry + ".partial-" + Environment.ProcessId;
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        try
        {
            foreach (var output in step.Reuse!.Outputs)
            {
                var source = Path.Combine(tree, output);
                if (!Directory.Exists(source))
                    throw new RecipeException($"The {product} step '{step.Name}' finished without making {output}. Check its log in artifacts/logs/{product}/{step.Name}.log.");
                CopyDirectory(source, Path.Combine(partial, output));
            }
        }
        catch
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            throw;
        }
        if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
        Directory.Move(partial, entry);
        foreach (var old in new DirectoryInfo(Path.GetDirectoryName(entry)!).GetDirectories()
                     .Where(d => !d.Name.Contains(".partial-", StringComparison.Ordinal))
                     .OrderByDescending(d => d.LastWriteTimeUtc).Skip(Kept))
            old.Delete(recursive: true);
    }

    private string Entry(string product, RecipeStep step, string key) => Path.Combine(cacheDirectory, "steps", product, step.Name, key);

    /// <summary>The step's input files, as paths relative to the tree with '/' separators, in ordinal order.</summary>
    private static IEnumerable<string> InputFiles(string tree, StepReuse reuse) =>
        new FileSystemEnumerable<string>(tree, (ref FileSystemEntry entry) => Path.GetRelativePath(tree, entry.ToFullPath()).Replace('\\', '/'),
            new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        {
            ShouldRecursePredicate = (ref FileSystemEntry entry) => entry.FileName is not ".git" && (entry.Attributes & FileAttributes.ReparsePoint) == 0,
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                entry.FileName is not ".git" && (!entry.IsDirectory || (entry.Attributes & FileAttributes.ReparsePoint) != 0),
        }
        .Where(file => !reuse.IgnoredInputs.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(file))))
        .Where(file => reuse.Inputs is not { } inputs || inputs.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, file)))
        .Order(StringComparer.Ordinal);

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)), overwrite: true);
    }
}
