using System.Text;

namespace BuildKit.Processes;

/// <summary>The one error a failed process raises: the redacted command, where it ran, its exit code, its stderr tail, and what to do.</summary>
public sealed class ToolFailedException : BuildKitException
{
    public const int StderrTailLines = 40;

    public ToolFailedException(ToolCommand command, int? exitCode, string stderrTail, string? reason = null)
        : base(Describe(command, exitCode, stderrTail, reason))
    {
        Command = command.Render();
        ProcessExitCode = exitCode;
        StderrTail = stderrTail;
    }

    public string Command { get; }
    /// <summary>The process's exit code; null when it could not start or was stopped.</summary>
    public int? ProcessExitCode { get; }
    public string StderrTail { get; }

    /// <summary>True when the command was stopped for running past its time limit.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Everything it wrote to stderr (redacted), for a caller that picks out the lines that say why it failed.</summary>
    public string StandardError { get; init; } = "";

    /// <summary>The step's log file, which holds the command and all its output; null when it has none.</summary>
    public string? LogFile { get; init; }

    public static string Tail(string text, int lines = StderrTailLines)
    {
        var all = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (all.Count > 0 && all[^1].Length == 0) all.RemoveAt(all.Count - 1);
        return string.Join('\n', all.Skip(Math.Max(0, all.Count - lines)));
    }

    private static string Describe(ToolCommand command, int? exitCode, string stderrTail, string? reason)
    {
        var text = new StringBuilder();
        text.Append(reason ?? $"'{command.Program}' failed with exit code {exitCode}.");
        text.Append("\n  command: ").Append(command.Render());
        text.Append("\n  in:      ").Append(command.WorkingDirectory ?? Directory.GetCurrentDirectory());
        if (exitCode is { } code) text.Append("\n  exit:    ").Append(code);
        if (stderrTail.Length > 0)
        {
            text.Append("\n  stderr (last lines):");
            foreach (var line in stderrTail.Split('\n')) text.Append("\n    ").Append(line);
        }
        if (command.Hint is { } hint) text.Append("\n  next:    ").Append(hint);
        return command.Redact(text.ToString());
    }
}
