using System.Collections.Concurrent;
using BuildKit.Logging;

namespace BuildKit.Testing;

/// <summary>A log that keeps every line, so tests can read what a user would have seen.</summary>
public sealed class RecordingLog : IBuildLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];
    public string Text => string.Join('\n', _lines);

    public void Information(string message) => _lines.Enqueue(message);
    public void Warning(string message) => _lines.Enqueue("WARNING: " + message);
    public void Error(string message) => _lines.Enqueue("ERROR: " + message);
    public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);
}
