using System.Text.RegularExpressions;

namespace BuildKit.Products;

/// <summary>Compares dotted toolchain versions ("1.19.8" against a floor "1.21"), ignoring what follows the numbers.</summary>
public static class ToolchainVersion
{
    public static bool IsOlder(string have, string need)
    {
        var a = Numbers(have);
        var b = Numbers(need);
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : 0;
            var y = i < b.Length ? b[i] : 0;
            if (x != y) return x < y;
        }
        return false;
    }

    /// <summary>Stops when the builder's <paramref name="tool"/> is older than <paramref name="need"/>; nothing to check when either is unknown.</summary>
    public static void Require(string product, string tool, IReadOnlyDictionary<string, string> toolchains, string key, string? need, string source)
    {
        if (need is not null && toolchains.TryGetValue(key, out var have) && IsOlder(have, need))
            throw TooOld(product, tool, have, need, source);
    }

    private static long[] Numbers(string version) =>
        [.. Regex.Match(version.TrimStart('v', 'V', 'g', 'o'), @"^\d+(\.\d+)*").Value
            .Split('.', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)];

    /// <summary>The stop message when a builder is too old: both versions, where the need comes from, and what to do.</summary>
    public static RecipeException TooOld(string product, string tool, string have, string need, string source) => new(
        $"{product} at this commit needs {tool} {need} or newer ({source}), but the builder has {tool} {have}. " +
        "Build for a newer distribution (--distribution=), or base the builder on an image with a newer toolchain (--base-image=).");
}
