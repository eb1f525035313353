using System.Net;
using System.Net.Sockets;

namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>
/// Sends NAT-PMP mapping requests to a gateway over UDP, retrying as RFC 6886 section 3.1 asks
/// (250 ms, then doubling). The socket comes from a factory so the caller decides which network
/// namespace it lives in: for Proton it must be the tunnel's, where the gateway 10.2.0.1 is.
/// </summary>
public sealed class NatPmpClient(IPEndPoint gateway, Func<Socket>? socketFactory = null, TimeSpan? firstTimeout = null, int attempts = 5)
{
    public static readonly IPEndPoint ProtonGateway = new(IPAddress.Parse(ProtonWireGuard.Dns), NatPmp.ServerPort);

    private readonly TimeSpan _firstTimeout = firstTimeout ?? TimeSpan.FromMilliseconds(250);

    public IPEndPoint Gateway => gateway;

    public async Task<NatPmpMappingResponse> MapAsync(NatPmpProtocol protocol, ushort internalPort, ushort suggestedExternalPort, uint lifetimeSeconds, CancellationToken cancellationToken)
    {
        var request = NatPmp.EncodeMappingRequest(protocol, internalPort, suggestedExternalPort, lifetimeSeconds);
        using var socket = socketFactory?.Invoke() ?? new Socket(gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var buffer = new byte[64];
        var timeout = _firstTimeout;
        for (var attempt = 0; attempt < attempts; attempt++, timeout *= 2)
        {
            await socket.SendToAsync(request, SocketFlags.None, gateway, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(timeout);
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                    // Only the gateway's answers count (RFC 6886 section 3.1); anything else is ignored.
                    if (received.RemoteEndPoint is IPEndPoint from && from.Equals(gateway))
                    {
                        return NatPmp.DecodeMappingResponse(buffer.AsSpan(0, received.ReceivedBytes), protocol);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer in time: send again with a longer wait.
            }
        }

        throw new TimeoutException($"the NAT-PMP gateway {gateway} did not answer after {attempts} tries; is port forwarding enabled on this server (P2P)?");
    }
}
