using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using BuildKit.Logging;
using CliWrap;

namespace BuildKit.Processes;

/// <summary>
/// Runs commands as real processes, streaming each output line (redacted, prefixed with the step and elapsed time)
/// to the log and to the step's log file. Cancellation and time-outs kill the whole process tree.
/// </summary>
public sealed class ProcessRunner(IBuildLog log, string? logsDirectory = null, TimeSpan? heartbeat = null) : IProcessRunner
{
    /// <summary>How long a step may stay quiet before a line says it is still running.</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(60);

    private readonly TimeSpan _heartbeat = heartbeat ?? DefaultHeartbeat;

    public async Task<ProcessResult> RunAsync(ToolCommand command, CancellationToken cancellationToken = default)
    {
        if (command.Quiet) return await RunLoggedAsync(command, cancellationToken);
        log.BeginGroup($"[{Prefix(command)}] {Summary(command)}");
        try
        {
            return await RunLoggedAsync(command, cancellationToken);
        }
        finally
        {
            log.EndGroup();
        }
    }

    private static string Prefix(ToolCommand command) => command.Step?.ToString() ?? Path.GetFileName(command.Program);

    private async Task<ProcessResult> RunLoggedAsync(ToolCommand command, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var prefix = Prefix(command);
        await using var logFile = OpenLogFile(command);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var gate = new object();
        var lastOutput = stopwatch.Elapsed;

        void OnLine(string line, StringBuilder sink)
        {
            var shown = command.Redact(line);
            lock (gate)
            {
                sink.Append(shown).Append('\n');
                logFile?.WriteLine(shown);
                lastOutput = stopwatch.Elapsed;
                var text = $"[{prefix} {Elapsed(stopwatch.Elapsed)}] {shown}";
                if (command.Quiet) log.Verbose(text);
                else log.Information(text);
            }
        }

        log.Verbose($"> {command.Render()}" + (command.WorkingDirectory is { } wd ? $"  (in {wd})" : ""));
        if (!command.Quiet) log.Information($"[{prefix}] start: {Summary(command)}");
        logFile?.WriteLine($"$ {command.Render()}");

        using var timeout = command.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        CommandTask<CommandResult> execution;
        try
        {
            // Forceful cancellation kills the whole process tree; the time-out rides on it so that it also covers
            // writing standard input.
            execution = Wrap(command, line => OnLine(line, stdout), line => OnLine(line, stderr)).ExecuteAsync(linked.Token, CancellationToken.None);
        }
        catch (Win32Exception)
        {
            throw new ToolFailedException(command, null, "",
                $"'{command.Program}' could not be started: it is not installed or not on PATH.");
        }

        using var finished = new CancellationTokenSource();
        var heartbeat = command.Quiet ? Task.CompletedTask : HeartbeatAsync(prefix, stopwatch, () => lastOutput, gate, finished.Token);
        int exitCode;
        try
        {
            exitCode = (await execution).ExitCode;
        }
        catch (OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                logFile?.WriteLine("(cancelled)");
                throw;
            }
            throw new ToolFailedException(command, null, ToolFailedException.Tail(stderr.ToString()),
                $"'{command.Program}' did not finish within {command.Timeout!.Value.TotalSeconds:0} s and was stopped.") { TimedOut = true };
        }
        finally
        {
            await finished.CancelAsync();
            await heartbeat;
        }

        var result = new ProcessResult(exitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
        logFile?.WriteLine($"(exit {result.ExitCode} after {Elapsed(result.Duration)})");
        if (!command.Quiet) log.Information($"[{prefix}] {(result.Succeeded ? "done" : $"exit {result.ExitCode}")} in {Elapsed(result.Duration)}");
        if (!result.Succeeded && !command.AcceptsFailure)
            throw new ToolFailedException(command, result.ExitCode, ToolFailedException.Tail(result.StandardError))
            {
                StandardError = result.StandardError,
                LogFile = LogFilePath(command),
            };
        return result;
    }

    /// <summary>Says a step is still running whenever it has been quiet for the heartbeat interval.</summary>
    private async Task HeartbeatAsync(string prefix, Stopwatch stopwatch, Func<TimeSpan> lastOutput, object gate, CancellationToken finished)
    {
        var lastNotice = TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Task.Delay(_heartbeat / 4, finished);
                TimeSpan quietFor;
                lock (gate) quietFor = stopwatch.Elapsed - lastOutput();
                if (stopwatch.Elapsed - TimeSpan.FromTicks(Math.Max(lastOutput().Ticks, lastNotice.Ticks)) < _heartbeat) continue;
                lastNotice = stopwatch.Elapsed;
                log.Information($"[{prefix} {Elapsed(stopwatch.Elapsed)}] still running, no output for {quietFor.TotalSeconds:0} s");
            }
        }
        catch (OperationCanceledException)
        {
            // The step ended: no more notices.
        }
    }

    /// <summary>The program and its first arguments: enough to recognise the step, short enough for one line.</summary>
    private static string Summary(ToolCommand command)
    {
        var rendered = command.Render();
        return rendered.Length <= 160 ? rendered.Replace('\n', ' ') : rendered[..157].Replace('\n', ' ') + "...";
    }

    /// <summary>
    /// Both output streams always get a reader: a process whose output nobody reads can die of a broken pipe.
    /// CliWrap ignores a broken pipe on standard input, so a process that exits before reading all of it is judged by its exit code.
    /// Exit codes are judged here, not by CliWrap, so that <see cref="ToolCommand.AcceptsFailure"/> holds.
    /// </summary>
    private static Command Wrap(ToolCommand command, Action<string> onOutput, Action<string> onError)
    {
        var wrapped = Cli.Wrap(command.Program)
            .WithArguments(command.Arguments)
            .WithEnvironmentVariables(variables =>
            {
                foreach (var (name, value) in command.Environment) variables.Set(name, value);
            })
            .WithStandardInputPipe(command.StandardInput is { } input ? PipeSource.FromString(input, Encoding.UTF8) : PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(onOutput, Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(onError, Encoding.UTF8))
            .WithValidation(CommandResultValidation.None);
        return command.WorkingDirectory is { } directory ? wrapped.WithWorkingDirectory(directory) : wrapped;
    }

    private string? LogFilePath(ToolCommand command) =>
        logsDirectory is null || command.Step is not { } step ? null : Path.Combine(logsDirectory, step.Product, step.Name + ".log");

    private StreamWriter? OpenLogFile(ToolCommand command)
    {
        if (LogFilePath(command) is not { } path) return null;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new StreamWriter(path, append: true, Encoding.UTF8) { AutoFlush = true };
    }

    internal static string Elapsed(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1 ? elapsed.ToString(@"h\:mm\:ss") : elapsed.ToString(@"mm\:ss");
}
