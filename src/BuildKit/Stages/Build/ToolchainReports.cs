using BuildKit.Planning;

namespace BuildKit.Stages.Build;

/// <summary>
/// What a recipe's toolchain query answered in a builder image. A builder image never changes under its id, so the answer is
/// asked once per image and query and read back afterwards, which saves starting a shell, go and node before every build.
/// </summary>
public sealed class ToolchainReports(string cacheDirectory)
{
    public string? TryRead(string builderImageId, string query) =>
        File.Exists(PathOf(builderImageId, query)) ? File.ReadAllText(PathOf(builderImageId, query)) : null;

    /// <summary>Keeps a report; written beside and moved into place, so a reader sees a whole report or none.</summary>
    public void Save(string builderImageId, string query, string report)
    {
        var path = PathOf(builderImageId, query);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.partial-{Environment.ProcessId}";
        File.WriteAllText(partial, report);
        File.Move(partial, path, overwrite: true);
    }

    private string PathOf(string builderImageId, string query) =>
        Path.Combine(cacheDirectory, "toolchains", BuildKey.Compute([("builder", builderImageId), ("query", query)])[..24]);
}
