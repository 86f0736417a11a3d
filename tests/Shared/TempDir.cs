namespace BuildKit.Testing;

/// <summary>A fresh folder for one test, deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    private TempDir(string path) => Path = path;

    public string Path { get; }

    public static TempDir Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "buildkit-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return new TempDir(path);
    }

    public string File(string relativePath, string content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        RemoveCacheVolumes();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Builds with this folder's cache keep their tool caches in volumes named after it: they go with it.</summary>
    private void RemoveCacheVolumes()
    {
        var cache = Combine("cache");
        if (!Directory.Exists(cache) || !Tools.OnPath("docker")) return;
        Docker.RemoveVolumes(BuildKit.Containers.CacheVolume.DefaultPrefix(cache) + "-");
    }
}
