using System.Runtime.InteropServices;

namespace Tunmux.Linux.PortForward;

/// <summary>
/// How a port keeper is told to end. SIGTERM: stop renewing and leave the mapping to its lifetime
/// (the keeper is replaced or restarted; the next one asks again and may keep the same port).
/// SIGUSR1 (<see cref="Release"/>): the port is no longer wanted, so the keeper first asks the
/// gateway to delete the mapping, within <see cref="ReleaseBudget"/>, then ends. A keeper from
/// before this signal existed dies of SIGUSR1's default action, which is as good as SIGTERM.
/// Both keeper entry points (tunmux-port-keeper and `tunmux port-forward worker`) listen the same way.
/// </summary>
public sealed class KeeperSignals : IDisposable
{
    /// <summary>SIGUSR1 on Linux.</summary>
    public const int Release = 10;

    /// <summary>How long a keeper may spend releasing its mapping before it ends anyway.</summary>
    public static readonly TimeSpan ReleaseBudget = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping;
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _release;
    private int _releaseAsked;

    private KeeperSignals(CancellationToken outer)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(outer);
        // Each handler ends the current round cleanly instead of letting the process die mid-write.
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        // A positive value is the raw signal number (PosixSignal names only the portable ones).
        _release = PosixSignalRegistration.Create((PosixSignal)Release, signal =>
        {
            Volatile.Write(ref _releaseAsked, 1);
            Stop(signal);
        });
    }

    /// <summary>Cancelled by either signal (or by the outer token).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>True when the keeper was told its port is no longer wanted.</summary>
    public bool ReleaseAsked => Volatile.Read(ref _releaseAsked) == 1;

    public static KeeperSignals Listen(CancellationToken outer = default) => new(outer);

    public void Dispose()
    {
        _release.Dispose();
        _term.Dispose();
        _stopping.Dispose();
    }

    private void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true;
        _stopping.Cancel();
    }
}
