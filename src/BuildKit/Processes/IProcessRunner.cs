namespace BuildKit.Processes;

/// <summary>The only way the engine starts a process.</summary>
public interface IProcessRunner
{
    /// <summary>Runs the command to completion; throws <see cref="ToolFailedException"/> on a non-zero exit unless the command accepts failure.</summary>
    Task<ProcessResult> RunAsync(ToolCommand command, CancellationToken cancellationToken = default);
}
