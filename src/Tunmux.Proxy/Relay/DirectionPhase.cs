namespace Tunmux.Proxy.Relay;

/// <summary>Where a <see cref="TunnelDirection"/> is; changed under its tunnel's lock.</summary>
internal enum DirectionPhase
{
    /// <summary>Executing: may be in a system call on the sockets' descriptors.</summary>
    Running,

    /// <summary>Waiting for a socket operation to complete; touches nothing until it does.</summary>
    Waiting,

    /// <summary>Finished; holds nothing.</summary>
    Done,
}
