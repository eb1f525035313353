using System.Net.Sockets;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// Moves bytes both ways between two connected sockets until both directions have finished.
/// When one side finishes sending, the other side's sending half is shut down (half-close is
/// propagated); an error on either side ends both. The relay never closes the sockets (it leaves
/// them in non-blocking mode); the caller disposes them once the result is in, which also ends a
/// direction that was still waiting when the tunnel stopped.
/// </summary>
internal interface IRelay
{
    string Name { get; }

    ValueTask<RelayResult> RunAsync(Socket client, Socket target, TimeSpan idleTimeout, CancellationToken cancellationToken);
}
