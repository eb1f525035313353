using System.Net;
using System.Net.Sockets;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Probing;

namespace Tunmux.EndToEnd.Tests.Lab;

/// <summary>
/// One DNS A query sent from inside a namespace: the UDP socket is created there (setns on a
/// helper thread), so no tool needs installing and nothing reaches the machine's own namespace.
/// </summary>
internal static class DnsProbe
{
    public sealed record Answer(int ResponseCode, IReadOnlyList<IPAddress> Addresses);

    public static async Task<Answer> QueryAsync(string ns, IPAddress server, string name)
    {
        using var socket = NamespaceSocketBinder.BindUdp($"/run/netns/{ns}", [new IPEndPoint(IPAddress.Any, 0)])[0];
        var id = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.SendToAsync(DnsCodec.Query(id, name, DnsCodec.TypeA), new IPEndPoint(server, 53), timeout.Token);
        var buffer = new byte[1500];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        var reply = DnsCodec.Read(buffer.AsSpan(0, received), id, DnsCodec.TypeA) ?? throw new InvalidDataException("DNS answer has another id");
        return new Answer(reply.ResponseCode, reply.Addresses);
    }
}
