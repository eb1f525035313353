namespace Tunmux.Cli.Daemon.Direct;

/// <summary>
/// When the periodic direct-mode pass is due. While a direct tunnel is declared, or the last pass
/// left anything of direct mode in force (a block, a lockdown, a repair, an error), every tick;
/// while nothing is, only every <paramref name="idleInterval"/>: the pass then only confirms that no
/// block exists (an `nft` listing and a status file), which on a host with proxy exits alone would
/// be most of the idle daemon's work. A direct tunnel that gets declared does not wait for it: the
/// control loop reconciles its key at once (and the next tick sees it declared).
/// </summary>
public sealed class DirectPassCadence(TimeSpan idleInterval)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _idleSince;

    /// <summary>A pass ended; <paramref name="idle"/> when it found nothing of direct mode to keep or do.</summary>
    public void Ran(bool idle, DateTimeOffset at)
    {
        lock (_gate)
        {
            _idleSince = idle ? at : null;
        }
    }

    /// <summary>Whether the tick at <paramref name="now"/> runs a pass.</summary>
    public bool Due(bool directDeclared, DateTimeOffset now)
    {
        lock (_gate)
        {
            return directDeclared || _idleSince is not { } since || now - since >= idleInterval;
        }
    }
}
