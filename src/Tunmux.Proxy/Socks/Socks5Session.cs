using System.Net;
using Tunmux.Proxy.Connections;
using Tunmux.Proxy.Io;
using Tunmux.Proxy.Outbound;
using Tunmux.Proxy.Socks.Udp;

namespace Tunmux.Proxy.Socks;

/// <summary>
/// One SOCKS5 connection (RFC 1928, with RFC 1929 username/password when configured). Messages
/// are parsed from what has arrived (<see cref="Socks5Messages"/>); replies are collected and sent
/// just before the session has to wait for the client, so a client that sends greeting and request
/// together gets both replies in one packet, and one that waits for each reply gets it at once.
/// </summary>
internal sealed class Socks5Session(ConnectionContext context, BufferedSocketReader reader)
{
    private const byte NoAuthentication = 0x00;
    private const byte UsernamePassword = 0x02;
    private const byte NoAcceptableMethod = 0xFF;
    private const byte CommandConnect = 0x01;
    private const byte CommandUdpAssociate = 0x03;

    /// <summary>Method choice, authentication status and the request's reply, at most.</summary>
    private const int MaxPendingReplies = 2 + 2 + Socks5Reply.MaxLength;

    private static readonly TimeSpan RefusalLinger = TimeSpan.FromSeconds(1);

    private readonly AccessRecord _record = context.NewRecord("socks5");
    private readonly byte[] _replies = new byte[MaxPendingReplies];
    private int _pending;
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
                await FlushAsync(context.Aborted).ConfigureAwait(false);
                return null;
            }

            _record.Target = request.Target;
            if (request.Command == CommandUdpAssociate)
            {
                await FlushAsync(context.Aborted).ConfigureAwait(false);
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
            _record.Result = OutboundFailures.Outcome(connected.Failure);
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

    /// <summary>Greeting, authentication and request. Null when the session ends here (any reply is queued).</summary>
    private async Task<Socks5Request?> NegotiateAsync(CancellationToken cancellationToken)
    {
        var wanted = context.Options.Credentials is null ? NoAuthentication : UsernamePassword;
        bool offered;
        int length;
        while (Socks5Messages.ParseGreeting(reader.Buffered, wanted, out offered, out length) == Socks5ParseStatus.NeedMore)
        {
            await ReceiveMoreAsync(cancellationToken).ConfigureAwait(false);
        }

        reader.Consume(length);
        var chosen = offered ? wanted : NoAcceptableMethod;
        Queue([0x05, chosen]);
        if (chosen == NoAcceptableMethod)
        {
            _refused = true;
            _record.Result = ProxyOutcome.NoAcceptableMethod;
            return null;
        }

        if (chosen == UsernamePassword && !await AuthenticateAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        Socks5ParseStatus status;
        byte command;
        ProxyTarget? target;
        while ((status = Socks5Messages.ParseRequest(reader.Buffered, out command, out target, out length)) == Socks5ParseStatus.NeedMore)
        {
            await ReceiveMoreAsync(cancellationToken).ConfigureAwait(false);
        }

        switch (status)
        {
            case Socks5ParseStatus.BadVersion:
                Refuse(ProxyOutcome.BadRequest, Socks5Reply.GeneralFailure);
                return null;
            case Socks5ParseStatus.BadHost:
                Refuse(ProxyOutcome.BadHost, Socks5Reply.HostUnreachable);
                return null;
            case Socks5ParseStatus.UnsupportedAddressType:
                // The address length is unknown, so nothing after this can be parsed.
                Refuse(ProxyOutcome.UnsupportedAddress, Socks5Reply.AddressTypeNotSupported);
                return null;
        }

        reader.Consume(length);
        if (command is not (CommandConnect or CommandUdpAssociate))
        {
            _record.Target = target;
            Refuse(ProxyOutcome.UnsupportedCommand, Socks5Reply.CommandNotSupported);
            return null;
        }

        return new Socks5Request(command, target!);
    }

    /// <summary>RFC 1929, answered 01 00 or 01 01 (then closed). A wrong version is closed without an answer.</summary>
    private async Task<bool> AuthenticateAsync(CancellationToken cancellationToken)
    {
        Socks5ParseStatus status;
        Range user;
        Range password;
        int length;
        while ((status = Socks5Messages.ParseUserPassword(reader.Buffered, out user, out password, out length)) == Socks5ParseStatus.NeedMore)
        {
            await ReceiveMoreAsync(cancellationToken).ConfigureAwait(false);
        }

        if (status != Socks5ParseStatus.Complete)
        {
            _record.Result = ProxyOutcome.BadRequest;
            return false;
        }

        var ok = CheckAndForget(user, password, length);
        Queue([0x01, ok ? (byte)0x00 : (byte)0x01]);
        if (!ok)
        {
            _refused = true;
            _record.Result = ProxyOutcome.AuthFailed;
        }

        return ok;
    }

    /// <summary>Compares, then wipes the password from the read buffer before it can go back to the pool.</summary>
    private bool CheckAndForget(Range user, Range password, int length)
    {
        var message = reader.Buffered[..length];
        var ok = context.Options.Credentials!.Matches(message[user], message[password]);
        reader.Wipe(password);
        reader.Consume(length);
        return ok;
    }

    /// <summary>Sends what is queued (the client may be waiting for it), then receives.</summary>
    private async ValueTask ReceiveMoreAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (reader.BufferedCount >= Socks5Messages.MaxMessageBytes || !await reader.FillAsync(4096, cancellationToken, answerExpected: true).ConfigureAwait(false))
        {
            throw new EndOfStreamException();
        }
    }

    private void Refuse(ProxyOutcome result, byte code)
    {
        _record.Result = result;
        _refused = true;
        _pending += Socks5Reply.Write(_replies.AsSpan(_pending), code);
    }

    private void Queue(ReadOnlySpan<byte> reply)
    {
        reply.CopyTo(_replies.AsSpan(_pending));
        _pending += reply.Length;
    }

    private ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var pending = _pending;
        _pending = 0;
        return pending == 0 ? ValueTask.CompletedTask : context.Client.SendAllAsync(_replies.AsMemory(0, pending), cancellationToken);
    }

    private ValueTask ReplyAsync(byte code, IPEndPoint? bound = null)
    {
        _refused |= code != Socks5Reply.Succeeded;
        _pending += Socks5Reply.Write(_replies.AsSpan(_pending), code, bound);
        return FlushAsync(context.Aborted);
    }

    private sealed record Socks5Request(byte Command, ProxyTarget Target);
}
