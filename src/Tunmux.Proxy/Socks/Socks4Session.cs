using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Socks;

/// <summary>
/// SOCKS4 and SOCKS4a CONNECT. SOCKS4 has no password, so when credentials are configured it is refused.
/// </summary>
internal sealed class Socks4Session(ConnectionContext context, BufferedSocketReader reader)
{
    private const byte Granted = 0x5A;
    private const byte Rejected = 0x5B;
    private const int MaxFieldBytes = 255;

    private static readonly TimeSpan RefusalLinger = TimeSpan.FromSeconds(1);

    private readonly AccessRecord _record = context.NewRecord("socks4");
    private bool _refused;

    /// <summary>The tunnel to relay after a successful CONNECT; null when the session is over.</summary>
    public async Task<TunnelHandoff?> RunAsync()
    {
        var tunnel = await RunSessionAsync().ConfigureAwait(false);
        if (_refused)
        {
            // Let the refusal reach the client even if it already sent more (a close over unread bytes resets).
            await context.Client.LingeringCloseAsync(RefusalLinger).ConfigureAwait(false);
        }

        return tunnel;
    }

    private async Task<TunnelHandoff?> RunSessionAsync()
    {
        TunnelHandoff? tunnel = null;
        try
        {
            var target = await SocksHandshake.ReadAsync(context, _record, ReadRequestAsync).ConfigureAwait(false);

            if (target is null)
            {
                return null;
            }

            var connected = await context.Connector.ConnectAsync(target, context.Aborted).ConfigureAwait(false);
            if (connected.Socket is null)
            {
                _record.Result = OutboundFailures.Outcome(connected.Failure);
                await ReplyAsync(Rejected).ConfigureAwait(false);
                return null;
            }

            var outbound = connected.Socket;
            try
            {
                await ReplyAsync(Granted, outbound.LocalEndPoint as IPEndPoint).ConfigureAwait(false);
            }
            catch
            {
                outbound.Dispose();
                throw;
            }

            tunnel = new TunnelHandoff(outbound, reader, _record);
            return tunnel;
        }
        finally
        {
            if (tunnel is null)
            {
                _record.Complete();
            }
        }
    }

    /// <summary>VN CD DSTPORT DSTIP USERID NUL [HOST NUL]. Null when the request was already answered.</summary>
    private async Task<ProxyTarget?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        var head = new byte[8];
        await reader.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        var port = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(2, 2));
        var address = head[4..8];
        if (await ReadNulTerminatedAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            _record.Result = ProxyOutcome.BadRequest;
            return null;
        }

        // SOCKS4a: 0.0.0.x with x != 0 means "the host name follows the user id".
        ProxyTarget target;
        if (address[0] == 0 && address[1] == 0 && address[2] == 0 && address[3] != 0)
        {
            var hostBytes = await ReadNulTerminatedAsync(cancellationToken).ConfigureAwait(false);
            if (hostBytes is null || !SocksAddress.TryDecodeHostName(hostBytes, out var host))
            {
                _record.Result = ProxyOutcome.BadHost;
                await ReplyAsync(Rejected).ConfigureAwait(false);
                return null;
            }

            target = ProxyTarget.ForHost(host, port);
        }
        else
        {
            target = ProxyTarget.ForAddress(new IPAddress(address), port);
        }

        _record.Target = target;
        if (head[1] != 0x01)
        {
            _record.Result = ProxyOutcome.UnsupportedCommand;
            await ReplyAsync(Rejected).ConfigureAwait(false);
            return null;
        }

        if (context.Options.Credentials is not null)
        {
            _record.Result = ProxyOutcome.AuthRequired;
            await ReplyAsync(Rejected).ConfigureAwait(false);
            return null;
        }

        return target;
    }

    /// <summary>The field's bytes without the NUL, or null when it runs past the limit.</summary>
    private async Task<byte[]?> ReadNulTerminatedAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false);
            if (b == 0)
            {
                return bytes.ToArray();
            }

            if (bytes.Count == MaxFieldBytes)
            {
                return null;
            }

            bytes.Add(b);
        }
    }

    /// <summary>VN=0 CD DSTPORT DSTIP; the address is the outbound socket's when it is IPv4.</summary>
    private ValueTask ReplyAsync(byte code, IPEndPoint? bound = null)
    {
        _refused |= code != Granted;
        var reply = new byte[8];
        reply[1] = code;
        if (bound is not null && SocksAddress.Normalize(bound.Address) is { AddressFamily: AddressFamily.InterNetwork } v4)
        {
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2, 2), (ushort)bound.Port);
            v4.TryWriteBytes(reply.AsSpan(4, 4), out _);
        }

        return context.Client.SendAllAsync(reply, context.Aborted);
    }
}
