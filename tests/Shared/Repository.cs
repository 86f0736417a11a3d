namespace BuildKit.Testing;

/// <summary>The BuildKit checkout the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BuildKit.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("BuildKit.sln not found above " + AppContext.BaseDirectory);
    }
}
