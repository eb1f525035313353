using System.Net;

namespace Tunmux.Proxy.Socks.Udp;

/// <summary>Finds the UDP relay socket that belongs to a SOCKS TCP listener (same address and port).</summary>
internal sealed class UdpRelayDirectory(IReadOnlyList<UdpRelayEndpoint> endpoints)
{
    public static UdpRelayDirectory Empty { get; } = new([]);

    public IReadOnlyList<UdpRelayEndpoint> Endpoints => endpoints;

    /// <summary>The relay for a control connection accepted on <paramref name="tcpLocal"/>, and the address to announce.</summary>
    public (UdpRelayEndpoint Relay, IPEndPoint Announced)? Find(IPEndPoint tcpLocal)
    {
        var tcpAddress = SocksAddress.Normalize(tcpLocal.Address);
        foreach (var endpoint in endpoints)
        {
            var udp = endpoint.LocalEndPoint;
            if (udp.Port != tcpLocal.Port)
            {
                continue;
            }

            var udpAddress = SocksAddress.Normalize(udp.Address);
            if (udpAddress.Equals(tcpAddress))
            {
                return (endpoint, new IPEndPoint(udpAddress, udp.Port));
            }

            // A wildcard relay is reached at whatever address the client used for TCP.
            if ((udpAddress.Equals(IPAddress.Any) && tcpAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                || udpAddress.Equals(IPAddress.IPv6Any))
            {
                return (endpoint, new IPEndPoint(tcpAddress, udp.Port));
            }
        }

        return null;
    }
}
