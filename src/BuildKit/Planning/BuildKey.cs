using System.Security.Cryptography;
using System.Text;

namespace BuildKit.Planning;

/// <summary>
/// What identifies a build: the same key means the same packages, so a build whose key matches the last one (or a
/// published one) is neither rebuilt nor uploaded again.
/// </summary>
public static class BuildKey
{
    /// <param name="inputs">Every input that decides the packages, as name and value; files are given by their content hash.</param>
    public static string Compute(IEnumerable<(string Name, string Value)> inputs)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in inputs.OrderBy(i => i.Name, StringComparer.Ordinal)) text.Append(name).Append('=').Append(value).Append('\n');
        return Hashing.Sha256(text.ToString());
    }

    public static string FileHash(string path) =>
        File.Exists(path) ? Hashing.FileSha256(path) : "missing";
}
