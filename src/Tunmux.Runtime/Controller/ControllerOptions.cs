using Tunmux.Core.Lifecycle;

namespace Tunmux.Runtime.Controller;

/// <summary>How the control loop runs: its cadences, its health policy and what happens when it stops.</summary>
public sealed record ControllerOptions
{
    /// <summary>Every key is reconciled at least this often, whatever happens.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often processes and namespaces are checked for drift (cheap /proc and /run reads) where
    /// the kernel offers no events for them. With a drift watcher that reports through events
    /// (pidfds, rtnetlink, inotify), the poll only checks records, at most every 2 s.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Health and recovery: how old a handshake may get, the grace after a (re)connect, how many
    /// reconnects before a failover. Tests shorten these to seconds.
    /// </summary>
    public LifecyclePolicy Lifecycle { get; init; } = LifecyclePolicy.Default;

    /// <summary>
    /// How many keys are reconciled at once (never one key twice). Building an exit is mostly
    /// waiting for programs (namespaces, wireguard-go, a proxy worker to listen), so a few more
    /// workers than cores pay off; the default is twice the cores, from 2 to 8.
    /// </summary>
    public int Workers { get; init; } = DefaultWorkers;

    public static int DefaultWorkers => Math.Clamp(2 * Environment.ProcessorCount, 2, 8);

    /// <summary>Remove every exit when the loop stops; by default they stay up and the next start adopts them.</summary>
    public bool TeardownOnStop { get; init; }
}
