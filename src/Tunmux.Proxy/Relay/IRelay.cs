using System.Net.Sockets;

namespace Tunmux.Proxy.Relay;

/// <summary>
/// Moves bytes both ways between two connected sockets until both directions have finished.
/// When one side finishes sending, the other side's sending half is shut down (half-close is
/// propagated); an error on either side ends both. The relay never closes the sockets.
/// </summary>
internal interface IRelay
{
    string Name { get; }

    Task<RelayResult> RunAsync(Socket client, Socket target, TimeSpan idleTimeout, CancellationToken cancellationToken);
}
