using Tunmux.Core.State;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Daemon.Autostop;

/// <summary>
/// When a helper the CLI started on demand should stop (pure: the clock and process liveness
/// are given). <see cref="AutostopMode.Command"/>: once no command holds a lease (a lease is
/// its holder's process, so a command that dies without releasing ends its lease too), after
/// a first lease or after <see cref="FirstLeaseGrace"/> without one. <see cref="AutostopMode.Timeout"/>:
/// after <see cref="IdleTimeout"/> without a request. <see cref="AutostopMode.Never"/>: never.
/// </summary>
public sealed class HelperLeases(AutostopMode mode, TimeSpan idleTimeout, TimeSpan firstLeaseGrace, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly HashSet<ProcessRef> _holders = [];
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private DateTimeOffset _lastRequest = time.GetUtcNow();
    private bool _everLeased;

    public AutostopMode Mode => mode;

    public TimeSpan IdleTimeout => idleTimeout;

    public TimeSpan FirstLeaseGrace => firstLeaseGrace;

    /// <summary>A request arrived: the helper is not idle.</summary>
    public void Touch()
    {
        lock (_gate)
        {
            _lastRequest = time.GetUtcNow();
        }
    }

    public void Acquire(ProcessRef holder)
    {
        lock (_gate)
        {
            _holders.Add(holder);
            _everLeased = true;
            _lastRequest = time.GetUtcNow();
        }
    }

    public void Release(ProcessRef holder)
    {
        lock (_gate)
        {
            _holders.Remove(holder);
            _lastRequest = time.GetUtcNow();
        }
    }

    public int LiveLeases(Func<ProcessRef, bool> isAlive)
    {
        lock (_gate)
        {
            _holders.RemoveWhere(h => !isAlive(h));
            return _holders.Count;
        }
    }

    /// <summary>True when the helper should stop now; dead holders' leases are dropped on the way.</summary>
    public bool ShouldStop(Func<ProcessRef, bool> isAlive)
    {
        ArgumentNullException.ThrowIfNull(isAlive);
        var now = time.GetUtcNow();
        return mode switch
        {
            AutostopMode.Timeout => IdleSince() >= idleTimeout,
            AutostopMode.Command => LiveLeases(isAlive) == 0 && (_everLeased || now - _started >= firstLeaseGrace),
            _ => false,
        };

        TimeSpan IdleSince()
        {
            lock (_gate)
            {
                return now - _lastRequest;
            }
        }
    }
}
