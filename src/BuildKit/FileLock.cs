using BuildKit.Logging;

namespace BuildKit;

/// <summary>
/// An exclusive lock on one thing two BuildKit runs may share (a mirror in the cache folder, the artifacts folder), held
/// through a lock file the operating system releases when its holder ends, however it ends. A second run waits, saying
/// once whom it waits for, or, told not to wait, fails at once naming the holder.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _holderFile;

    private FileLock(FileStream stream, string holderFile)
    {
        _stream = stream;
        _holderFile = holderFile;
    }

    /// <param name="instead">What to do instead of waiting, when the run must not wait: the failure then says it.</param>
    public static async Task<FileLock> AcquireAsync(string path, string what, IBuildLog log, CancellationToken cancellationToken, string? instead = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var holderFile = path + ".holder";
        var said = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux: another process, or another open in this one, cannot have it too.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var partial = $"{holderFile}.partial-{Guid.NewGuid():N}";
                await File.WriteAllTextAsync(partial, $"BuildKit process {Environment.ProcessId} on {Environment.MachineName}, since {DateTimeOffset.UtcNow:HH:mm:ss}Z", cancellationToken);
                File.Move(partial, holderFile, overwrite: true);
                return new FileLock(stream, holderFile);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (instead is not null && (Holder(holderFile) is not null || attempt >= 8))
                    throw new BuildKitException($"{char.ToUpperInvariant(what[0])}{what[1..]} is in use by another run ({Holder(holderFile) ?? "a BuildKit run"}). {instead}");
                // The holder names itself just after it takes the lock: give it a moment before saying who it is.
                if (!said && (Holder(holderFile) is not null || attempt >= 8))
                {
                    log.Information($"waiting for {what}, which another run is using ({Holder(holderFile) ?? "a BuildKit run"})");
                    said = true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    private static string? Holder(string holderFile)
    {
        try
        {
            return File.ReadAllText(holderFile);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        File.Delete(_holderFile);
        _stream.Dispose();
    }
}
