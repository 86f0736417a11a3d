using System.Text;
using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>
/// A step that failed in a container: which step, its exit code, in which builder, the lines of its output that say why
/// (or its last lines when no tool said), what to do, and the log that holds the rest. The script it ran stays in the log.
/// </summary>
public sealed class StepFailedException : BuildKitException
{
    /// <summary>How many of the last lines are quoted when no known tool said why it failed.</summary>
    private const int TailLines = 15;

    public StepFailedException(string step, string image, ToolFailedException cause)
        : this(step, image, cause, TellingLines.Find(cause.StandardError))
    {
    }

    private StepFailedException(string step, string image, ToolFailedException cause, TellingLines telling)
        : base(Describe(step, image, cause, telling))
    {
        ProcessExitCode = cause.ProcessExitCode;
        Telling = telling;
    }

    public int? ProcessExitCode { get; }
    public TellingLines Telling { get; }

    private static string Describe(string step, string image, ToolFailedException cause, TellingLines telling)
    {
        var text = new StringBuilder($"step '{step}' failed (exit {cause.ProcessExitCode}) in {BuilderImage.Describe(image)}");
        var quoted = telling.IsEmpty ? ToolFailedException.Tail(cause.StandardError, TailLines).Split('\n') : [.. telling.Lines];
        text.Append(telling.IsEmpty ? "; the last lines of its output:" : ":");
        foreach (var line in quoted.Where(l => l.Length > 0)) text.Append("\n    ").Append(line);
        if (telling.Hint is { } hint) text.Append("\n  next: ").Append(hint);
        if (cause.LogFile is { } log) text.Append("\n  log:  ").Append(log);
        return text.ToString();
    }
}
