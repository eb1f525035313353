using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Probing;

/// <summary>
/// Resolves a probe's host name from inside the tunnel's namespace, through the tunnel's own DNS
/// servers (asked in order): the host's resolver would answer for the host's network, not the
/// exit's, and could leak the name outside the tunnel. An A record is preferred to AAAA, as the
/// tunnel's address is most often IPv4 only.
/// </summary>
internal static class TunnelNameResolver
{
    private const int DnsPort = 53;

    /// <summary>An address, or why there is none. Cancellation (the probe's deadline) is left to the caller.</summary>
    public static async Task<(IPAddress? Address, string Problem)> ResolveAsync(
        string namespacePath, IReadOnlyList<IPAddress> servers, string name, CancellationToken cancellationToken)
    {
        var problem = "the tunnel has no DNS server";
        foreach (var server in servers)
        {
            try
            {
                foreach (var type in new[] { DnsCodec.TypeA, DnsCodec.TypeAaaa })
                {
                    var reply = await AskAsync(namespacePath, server, name, type, cancellationToken).ConfigureAwait(false);
                    if (reply.ResponseCode == DnsCodec.NameError)
                    {
                        return (null, $"{name} does not exist (DNS {server})");
                    }

                    if (reply.ResponseCode != 0)
                    {
                        problem = $"DNS {server} failed to resolve {name} (response code {reply.ResponseCode})";
                        break;
                    }

                    if (reply.Addresses.Count > 0)
                    {
                        return (reply.Addresses[0], "");
                    }

                    problem = $"{name} has no address (DNS {server})";
                }
            }
            catch (Exception ex) when (ex is SocketException or InvalidDataException)
            {
                problem = $"DNS {server}: {ex.Message}";
            }
        }

        return (null, problem);
    }

    private static async Task<DnsReply> AskAsync(string namespacePath, IPAddress server, string name, ushort type, CancellationToken cancellationToken)
    {
        using var socket = NamespaceClientSocket.CreateUdp(namespacePath, server.AddressFamily);
        // Connected: only the server's datagrams come in, and a closed port is an error at once.
        await socket.ConnectAsync(new IPEndPoint(server, DnsPort), cancellationToken).ConfigureAwait(false);
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        await socket.SendAsync(DnsCodec.Query(id, name, type), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (DnsCodec.Read(buffer.AsSpan(0, received), id, type) is { } reply)
            {
                return reply;
            }
        }
    }
}
