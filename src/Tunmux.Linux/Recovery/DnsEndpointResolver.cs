using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Recovery;

/// <summary>
/// Resolves with the system resolver of the process, which runs in the host namespace: a tunnel's
/// own DNS is reached through the tunnel, so it cannot help while the tunnel is down. IPv4 is
/// preferred because the tunnel's outer socket is most often IPv4-only.
/// </summary>
public sealed class DnsEndpointResolver : IEndpointResolver
{
    public static DnsEndpointResolver Instance { get; } = new();

    public async Task<string> ResolveAsync(string endpoint, CancellationToken cancellationToken)
    {
        var (host, port) = Split(endpoint);
        if (IPAddress.TryParse(host, out _))
        {
            return endpoint;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"cannot resolve the peer endpoint {host}: {ex.Message}", ex);
        }

        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"the peer endpoint {host} has no address");
        return new IPEndPoint(chosen, port).ToString();
    }

    /// <summary>"host:51820" and "[::1]:51820" into host and port.</summary>
    internal static (string Host, int Port) Split(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"endpoint '{endpoint}' is not HOST:PORT", nameof(endpoint));
        }

        var host = endpoint[..colon];
        return (host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, port);
    }
}
