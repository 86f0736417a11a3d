using System.Runtime.InteropServices;
using BuildKit.Logging;

namespace BuildKit.Pipeline;

/// <summary>
/// The run's answer to Ctrl-C (SIGINT) and SIGTERM. The first one cancels the run: the process runner ends every child
/// process, each stage removes what it half-made, containers are removed, and the run exits 130 or 143 as shells and CI
/// runners expect, saying where it stopped. A second one stops the process at once.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly IBuildLog _log;
    private PosixSignal? _signal;

    private Interruption(IBuildLog log)
    {
        _log = log;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public static Interruption Listen(IBuildLog log) => new(log);

    public CancellationToken Token => _cancellation.Token;

    public bool Requested => _signal is not null;

    /// <summary>128 plus the signal's number, as a shell reports a process the signal ended.</summary>
    public int ExitCode => _signal == PosixSignal.SIGTERM ? 128 + 15 : 128 + 2;

    /// <summary>Why the run ended, naming <paramref name="where"/> it was (PRODUCT/STAGE, or the step before the stages).</summary>
    public BuildKitException Failure(string where) => new(
        $"cancelled during {where} ({(_signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT")}): its processes and containers were ended and nothing " +
        "half-made was kept. Run the same command again to start over; what was complete (mirrors, builder images, caches) is reused.",
        ExitCode);

    private void OnSignal(PosixSignalContext context)
    {
        if (_signal is not null) return;
        _signal = context.Signal;
        context.Cancel = true;
        _log.Warning($"{context.Signal} received: stopping what runs and removing what it half-made (a second one stops at once, leaving it behind)");
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
