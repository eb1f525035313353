using System.Net;
using System.Net.Sockets;

namespace Tunmux.Proxy.Outbound;

/// <summary>
/// The default sockets with a resolver of the caller's choosing, never the host's (libc NSS would
/// consult /etc/hosts, nscd, sssd, mdns or systemd-resolved outside the tunnel). A proxy worker
/// gives it the tunnel's DNS servers; with none, every name fails (fail closed).
/// </summary>
public sealed class ResolverOutboundConnector(Func<string, CancellationToken, ValueTask<IPAddress[]>> resolve) : IOutboundConnector
{
    public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => resolve(host, cancellationToken);

    public ValueTask<Socket> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken) =>
        DefaultOutboundConnector.Instance.ConnectAsync(endpoint, cancellationToken);

    public Socket BindUdp(AddressFamily family) => DefaultOutboundConnector.Instance.BindUdp(family);
}
