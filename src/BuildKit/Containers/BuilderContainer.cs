using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>A running builder container: steps run in it (by exec) while its lease is renewed; disposing it removes it.</summary>
public sealed class BuilderContainer(ContainerEngine engine, IProcessRunner runner, HostUser user, string name, LogStep owner, ContainerRemovals? removals = null)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _lease = Task.CompletedTask;

    public string Name => name;

    /// <summary>On an engine that does not see this machine's files, the step folders it keeps by copies instead of bind mounts.</summary>
    internal CopiedMounts? Copies { get; init; }

    /// <summary>Whether two steps may run in it at once: copied folders go in before each step and out after it, which two would interleave.</summary>
    public bool RunsStepsAtOnce => Copies is null;

    /// <summary>Keeps the container's lease fresh until it is disposed (see <see cref="ContainerOwner"/>).</summary>
    internal void RenewLease() => _lease = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(ContainerOwner.Heartbeat, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            if (_stop.IsCancellationRequested) return;
            await runner.RunAsync(engine.Command(owner, "exec", "--user", "0:0", name, "touch", ContainerOwner.LeaseFile) with { AcceptsFailure = true }, CancellationToken.None);
        }
    });

    /// <summary>
    /// Runs one step; its mounts and image are the container's, its user, directory and variables its own. A failure names
    /// the step and quotes what its tools said, not the script (which the step's log keeps).
    /// </summary>
    public async Task<ProcessResult> RunAsync(ContainerStep step, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "exec", "--user", step.AsRoot ? "0:0" : $"{user.Uid}:{user.Gid}", "--workdir", step.WorkingDirectory };
        foreach (var (key, value) in step.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)) arguments.AddRange(["--env", $"{key}={value}"]);
        arguments.AddRange([name, "bash", "-c", ContainerRunner.Prelude(step.CapturesOutput) + step.Script]);
        if (Copies is not null) await Copies.CopyInAsync(cancellationToken);
        try
        {
            return await runner.RunAsync(engine.Command(step.Step, arguments) with { Quiet = step.CapturesOutput, AcceptsFailure = step.AcceptsFailure }, cancellationToken);
        }
        catch (ToolFailedException e) when (e.ProcessExitCode is not null)
        {
            throw new StepFailedException(step.Step.Name, step.Image, e);
        }
        finally
        {
            // What a failed step left is kept too, as a bind mount would keep it for the log and the next run's reuse.
            if (Copies is not null && !cancellationToken.IsCancellationRequested) await Copies.CopyOutAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _lease;
        _stop.Dispose();
        var removal = runner.RunAsync(engine.Command(owner, "rm", "--force", name) with { AcceptsFailure = true }, CancellationToken.None);
        if (removals is null) await removal;
        else removals.Add(removal);
    }
}
