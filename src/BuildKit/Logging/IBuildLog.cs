namespace BuildKit.Logging;

/// <summary>The one log the engine writes to; build/build.cake adapts it to Cake's log.</summary>
public interface IBuildLog
{
    void Information(string message);
    void Warning(string message);
    void Error(string message);
    void Verbose(string message);

    /// <summary>Where one step's output begins, for a log that folds it (GitHub Actions); nothing elsewhere.</summary>
    void BeginGroup(string title)
    {
    }

    /// <summary>Where the step's output that <see cref="BeginGroup"/> began ends.</summary>
    void EndGroup()
    {
    }

    /// <summary>A product's failure, for a log that also shows failures where the run is watched (GitHub Actions' annotations).</summary>
    void Annotate(string where, string failure)
    {
    }
}

/// <summary>A log that writes to the console, for engine use outside Cake (tests, tools).</summary>
public sealed class ConsoleBuildLog : IBuildLog
{
    private readonly object _gate = new();

    public void Information(string message) => Write(Console.Out, message);
    public void Warning(string message) => Write(Console.Out, "WARNING: " + message);
    public void Error(string message) => Write(Console.Error, "ERROR: " + message);
    public void Verbose(string message) { }

    private void Write(TextWriter writer, string message)
    {
        lock (_gate) writer.WriteLine(message);
    }
}
