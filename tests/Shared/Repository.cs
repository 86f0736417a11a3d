using BuildKit.Processes;

namespace BuildKit.Testing;

/// <summary>The BuildKit checkout the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>
    /// This checkout's files, committed or not (never ignored ones, so no build output), copied into <paramref name="folder"/>:
    /// what a user's clone of it holds before its first ./build.sh.
    /// </summary>
    public static async Task CopyFilesToAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand(
            "sh", "-c", $"cd '{Root}' && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t '{folder}'") with { Quiet = true });
    }

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BuildKit.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("BuildKit.sln not found above " + AppContext.BaseDirectory);
    }
}
