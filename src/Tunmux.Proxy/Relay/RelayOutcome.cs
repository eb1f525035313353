namespace Tunmux.Proxy.Relay;

internal enum RelayOutcome
{
    /// <summary>Both sides closed their sending halves.</summary>
    Completed,

    /// <summary>No traffic either way for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The connection was cut from outside (server stop after the grace period).</summary>
    Aborted,

    /// <summary>A socket failed (reset, broken pipe).</summary>
    Error,
}
