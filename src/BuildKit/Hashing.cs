using System.Security.Cryptography;
using System.Text;

namespace BuildKit;

/// <summary>SHA-256 as lower-case hex, the one way BuildKit names content: build keys, artifacts, caches.</summary>
public static class Hashing
{
    public static string Sha256(byte[] bytes) => Hex(SHA256.HashData(bytes));

    public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));

    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Hex(SHA256.HashData(stream));
    }

    public static string Hex(IncrementalHash hash) => Hex(hash.GetHashAndReset());

    private static string Hex(byte[] digest) => Convert.ToHexString(digest).ToLowerInvariant();
}
