namespace BuildKit.GitHub;

/// <summary>
/// Release asset names GitHub will not rewrite: '~' becomes '_', '^' and any other character outside letters, digits,
/// '.', '-' and '_' becomes '.'. The mapping is written into SHA256SUMS so a download can be matched to its package.
/// </summary>
public static class AssetNames
{
    public static string Map(string fileName) =>
        new(fileName.Select(c => c == '~' ? '_' : char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '.').ToArray());
}
