using System.Collections.Concurrent;
using BuildKit.Processes;

namespace BuildKit.Testing;

/// <summary>
/// A process runner that starts nothing: it records every command and answers from a script of rendered-command patterns,
/// so that a stage's logic can be tested without the tools it drives. Unscripted commands succeed with no output.
/// </summary>
public sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly List<(string Contains, ProcessResult Result)> _answers = [];
    private readonly ConcurrentQueue<ToolCommand> _commands = new();

    public IReadOnlyList<ToolCommand> Commands => [.. _commands];

    public IReadOnlyList<string> Rendered => [.. _commands.Select(c => c.Render())];

    /// <summary>Answers every later command whose rendered line contains <paramref name="contains"/>.</summary>
    public RecordingProcessRunner Answer(string contains, int exitCode = 0, string standardOutput = "", string standardError = "")
    {
        _answers.Add((contains, new ProcessResult(exitCode, standardOutput, standardError, TimeSpan.Zero)));
        return this;
    }

    public Task<ProcessResult> RunAsync(ToolCommand command, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command);
        var rendered = command.Render();
        var result = _answers.LastOrDefault(a => rendered.Contains(a.Contains, StringComparison.Ordinal)).Result
            ?? new ProcessResult(0, "", "", TimeSpan.Zero);
        if (!result.Succeeded && !command.AcceptsFailure)
            throw new ToolFailedException(command, result.ExitCode, ToolFailedException.Tail(result.StandardError)) { StandardError = result.StandardError };
        return Task.FromResult(result);
    }
}
