using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Tunmux.Linux.Probing;

/// <summary>
/// Resolves names by asking the tunnel's DNS servers directly (UDP port 53, A and AAAA), from the
/// namespace the calling process lives in: for a proxy worker, the tunnel's. Never libc NSS, so
/// neither /etc/hosts nor a host-side cache or resolver daemon answers or sees a lookup, and there
/// is no fallback: with no servers, or none answering, the name does not resolve.
/// Failures are <see cref="SocketException"/>s: HostNotFound for a name that does not exist or
/// has no address (or is not a DNS name at all), TryAgain when no server answered.
/// </summary>
/// <param name="port">53; another only for tests that cannot bind a privileged port.</param>
public sealed class TunnelDnsResolver(IReadOnlyList<IPAddress> servers, TimeSpan? queryTimeout = null, int port = TunnelDnsResolver.DnsPort)
{
    public const int DnsPort = 53;
    private const int MaxNameLength = 253;
    private readonly TimeSpan _queryTimeout = queryTimeout ?? TimeSpan.FromSeconds(3);

    public IReadOnlyList<IPAddress> Servers => servers;

    public async ValueTask<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsDnsName(name))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var lastError = SocketError.TryAgain;
        foreach (var server in servers)
        {
            try
            {
                var addresses = new List<IPAddress>();
                foreach (var type in new[] { DnsCodec.TypeA, DnsCodec.TypeAaaa })
                {
                    var reply = await AskAsync(server, name, type, cancellationToken).ConfigureAwait(false);

                    // The A answer decides whether the name exists; some servers (dnsmasq with
                    // --address) answer NXDOMAIN for the AAAA of a name that has only an A record.
                    if (reply.ResponseCode == DnsCodec.NameError && type == DnsCodec.TypeA)
                    {
                        throw new SocketException((int)SocketError.HostNotFound);
                    }

                    if (reply.ResponseCode != 0)
                    {
                        if (type == DnsCodec.TypeA)
                        {
                            throw new InvalidDataException($"response code {reply.ResponseCode}");
                        }

                        continue;
                    }

                    addresses.AddRange(reply.Addresses);
                }

                return addresses.Count > 0 ? [.. addresses] : throw new SocketException((int)SocketError.HostNotFound);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.HostNotFound)
            {
                throw;
            }
            catch (Exception e) when (e is SocketException or InvalidDataException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                lastError = SocketError.TryAgain; // this server failed or stayed silent: the next one
            }
        }

        throw new SocketException((int)lastError);
    }

    /// <summary>Letters, digits, '-' and '_' in labels of 1 to 63, at most 253 in all; a trailing dot allowed.</summary>
    public static bool IsDnsName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        return trimmed.Length is > 0 and <= MaxNameLength
            && trimmed.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    private async Task<DnsReply> AskAsync(IPAddress server, string name, ushort type, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_queryTimeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connected: only the server's datagrams come in, and a closed port is an error at once.
        await socket.ConnectAsync(new IPEndPoint(server, port), deadline.Token).ConfigureAwait(false);
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        await socket.SendAsync(DnsCodec.Query(id, name, type), SocketFlags.None, deadline.Token).ConfigureAwait(false);
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            if (DnsCodec.Read(buffer.AsSpan(0, received), id, type) is { } reply)
            {
                return reply;
            }
        }
    }
}
