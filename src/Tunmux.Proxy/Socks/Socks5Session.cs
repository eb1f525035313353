using System.Buffers.Binary;
using System.Net;
using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Outbound;
using Tunmux.Proxy.Socks.Udp;

namespace Tunmux.Proxy.Socks;

/// <summary>One SOCKS5 connection (RFC 1928, with RFC 1929 username/password when configured).</summary>
internal sealed class Socks5Session(ConnectionContext context, BufferedSocketReader reader)
{
    private const byte NoAuthentication = 0x00;
    private const byte UsernamePassword = 0x02;
    private const byte NoAcceptableMethod = 0xFF;
    private const byte CommandConnect = 0x01;
    private const byte CommandUdpAssociate = 0x03;

    private static readonly TimeSpan RefusalLinger = TimeSpan.FromSeconds(1);

    private readonly AccessRecord _record = context.NewRecord("socks5");
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
            var request = await SocksHandshake.ReadAsync(context, _record, NegotiateAsync).ConfigureAwait(false);

            if (request is null)
            {
                return null;
            }

            _record.Target = request.Target;
            if (request.Command == CommandUdpAssociate)
            {
                var udp = new UdpAssociateSession(context, reader, _record);
                await udp.RunAsync(request.Target).ConfigureAwait(false);
                return null;
            }

            tunnel = await ConnectAsync(request.Target).ConfigureAwait(false);
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

    private async Task<TunnelHandoff?> ConnectAsync(ProxyTarget target)
    {
        var connected = await context.Connector.ConnectAsync(target, context.Aborted).ConfigureAwait(false);
        if (connected.Socket is null)
        {
            _record.Result = OutboundFailures.Describe(connected.Failure);
            await ReplyAsync(Socks5Reply.FromFailure(connected.Failure)).ConfigureAwait(false);
            return null;
        }

        var outbound = connected.Socket;
        try
        {
            await ReplyAsync(Socks5Reply.Succeeded, outbound.LocalEndPoint as IPEndPoint).ConfigureAwait(false);
        }
        catch
        {
            outbound.Dispose();
            throw;
        }

        return new TunnelHandoff(outbound, reader, _record);
    }

    /// <summary>Greeting, authentication and request. Null when the session already ended with a reply.</summary>
    private async Task<Socks5Request?> NegotiateAsync(CancellationToken cancellationToken)
    {
        var greeting = new byte[2];
        await reader.ReadExactlyAsync(greeting, cancellationToken).ConfigureAwait(false);
        var methods = new byte[greeting[1]];
        await reader.ReadExactlyAsync(methods, cancellationToken).ConfigureAwait(false);

        var wanted = context.Options.Credentials is null ? NoAuthentication : UsernamePassword;
        var chosen = Array.IndexOf(methods, wanted) >= 0 ? wanted : NoAcceptableMethod;
        await context.Client.SendAllAsync(new byte[] { 0x05, chosen }, cancellationToken).ConfigureAwait(false);
        if (chosen == NoAcceptableMethod)
        {
            _refused = true;
            _record.Result = "no-acceptable-method";
            return null;
        }

        if (chosen == UsernamePassword && !await AuthenticateAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await ReadRequestAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 1929: VER(1) ULEN UNAME PLEN PASSWD, answered 01 00 or 01 01 (then closed).</summary>
    private async Task<bool> AuthenticateAsync(CancellationToken cancellationToken)
    {
        var version = await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false);
        if (version != 0x01)
        {
            _record.Result = "bad-request";
            return false;
        }

        var user = new byte[await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false)];
        await reader.ReadExactlyAsync(user, cancellationToken).ConfigureAwait(false);
        var password = new byte[await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false)];
        await reader.ReadExactlyAsync(password, cancellationToken).ConfigureAwait(false);

        var ok = context.Options.Credentials!.Matches(user, password);
        Array.Clear(password);
        await context.Client.SendAllAsync(new byte[] { 0x01, ok ? (byte)0x00 : (byte)0x01 }, cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            _refused = true;
            _record.Result = "auth-failed";
        }

        return ok;
    }

    private async Task<Socks5Request?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        var head = new byte[4];
        await reader.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        if (head[0] != 0x05)
        {
            _record.Result = "bad-request";
            await ReplyAsync(Socks5Reply.GeneralFailure).ConfigureAwait(false);
            return null;
        }

        var command = head[1];
        ProxyTarget target;
        switch (head[3])
        {
            case SocksAddress.IPv4:
            case SocksAddress.IPv6:
                var raw = new byte[head[3] == SocksAddress.IPv4 ? 6 : 18];
                await reader.ReadExactlyAsync(raw, cancellationToken).ConfigureAwait(false);
                target = ProxyTarget.ForAddress(new IPAddress(raw.AsSpan(0, raw.Length - 2)), BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(raw.Length - 2)));
                break;
            case SocksAddress.DomainName:
                var name = new byte[await reader.ReadByteAsync(cancellationToken).ConfigureAwait(false) + 2];
                await reader.ReadExactlyAsync(name, cancellationToken).ConfigureAwait(false);
                if (!SocksAddress.TryDecodeHostName(name.AsSpan(0, name.Length - 2), out var host))
                {
                    _record.Result = "bad-host";
                    await ReplyAsync(Socks5Reply.HostUnreachable).ConfigureAwait(false);
                    return null;
                }

                target = ProxyTarget.ForHost(host, BinaryPrimitives.ReadUInt16BigEndian(name.AsSpan(name.Length - 2)));
                break;
            default:
                // The address length is unknown, so nothing after this can be parsed.
                _record.Result = "unsupported-address";
                await ReplyAsync(Socks5Reply.AddressTypeNotSupported).ConfigureAwait(false);
                return null;
        }

        if (command is not (CommandConnect or CommandUdpAssociate))
        {
            _record.Target = target;
            _record.Result = "unsupported-command";
            await ReplyAsync(Socks5Reply.CommandNotSupported).ConfigureAwait(false);
            return null;
        }

        return new Socks5Request(command, target);
    }

    private ValueTask ReplyAsync(byte code, IPEndPoint? bound = null)
    {
        _refused |= code != Socks5Reply.Succeeded;
        return context.Client.SendAllAsync(Socks5Reply.Build(code, bound), context.Aborted);
    }

    private sealed record Socks5Request(byte Command, ProxyTarget Target);
}
