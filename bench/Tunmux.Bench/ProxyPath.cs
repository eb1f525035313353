using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tunmux.Bench;

/// <summary>Opens a TCP stream to <see cref="Target"/> through the entry point, handshake included.</summary>
internal sealed record ProxyPath(Via Via, IPEndPoint Entry, IPEndPoint Target)
{
    public async Task<Socket> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Entry, cancellationToken).ConfigureAwait(false);
            switch (Via)
            {
                case Via.Socks5:
                    await Socks5ConnectAsync(socket, cancellationToken).ConfigureAwait(false);
                    break;
                case Via.HttpConnect:
                    await HttpConnectAsync(socket, cancellationToken).ConfigureAwait(false);
                    break;
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Greeting and request in two round trips, as curl and browsers do (some servers refuse pipelining).</summary>
    private async Task Socks5ConnectAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[32];
        await Wire.SendAllAsync(socket, new byte[] { 5, 1, 0 }, cancellationToken).ConfigureAwait(false);
        await Wire.ReadExactlyAsync(socket, buffer.AsMemory(0, 2), cancellationToken).ConfigureAwait(false);
        if (buffer[0] != 5 || buffer[1] != 0)
        {
            throw new IOException($"SOCKS5 greeting refused ({buffer[0]}, {buffer[1]})");
        }

        var request = new byte[10];
        request[0] = 5;
        request[1] = 1;
        request[3] = 1;
        Target.Address.TryWriteBytes(request.AsSpan(4, 4), out _);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(8), (ushort)Target.Port);
        await Wire.SendAllAsync(socket, request, cancellationToken).ConfigureAwait(false);
        await Wire.ReadExactlyAsync(socket, buffer.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
        if (buffer[1] != 0)
        {
            throw new IOException($"SOCKS5 CONNECT failed with reply {buffer[1]}");
        }

        var rest = buffer[3] switch
        {
            1 => 4 + 2,
            4 => 16 + 2,
            _ => throw new IOException($"SOCKS5 reply with address type {buffer[3]}"),
        };
        await Wire.ReadExactlyAsync(socket, buffer.AsMemory(0, rest), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The origin never speaks first, so everything read before our request is the proxy's answer.</summary>
    private async Task HttpConnectAsync(Socket socket, CancellationToken cancellationToken)
    {
        var authority = $"{Target.Address}:{Target.Port}";
        var request = Encoding.ASCII.GetBytes($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n");
        await Wire.SendAllAsync(socket, request, cancellationToken).ConfigureAwait(false);
        var head = await Wire.ReadHeadAsync(socket, new byte[1024], cancellationToken).ConfigureAwait(false);
        if (head.Status != 200 || head.ExtraBytes != 0)
        {
            throw new IOException($"CONNECT answered {head.Status} ({head.ExtraBytes} stray bytes)");
        }
    }
}
