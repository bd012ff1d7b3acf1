using System.Runtime.InteropServices;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM cancel <see cref="Token"/> instead of killing the process, so long-running commands
/// close bags, endpoints and children cleanly. SIGTERM matters: a process started in the background of a
/// non-interactive shell inherits SIGINT as ignored.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public ShutdownSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    public bool Requested => _stop.IsCancellationRequested;

    /// <summary>Stops also when <paramref name="after"/> has passed (0 or less: only on a signal).</summary>
    public void StopAfter(TimeSpan after)
    {
        if (after > TimeSpan.Zero)
        {
            _stop.CancelAfter(after);
        }
    }

    /// <summary>Stops now, as a signal would (e.g. after the requested number of messages).</summary>
    public void Stop() => _stop.Cancel();

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
