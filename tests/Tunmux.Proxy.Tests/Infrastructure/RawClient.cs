using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>A test's end of a TCP connection, for hand-written protocol exchanges. Every read has a deadline.</summary>
internal sealed class RawClient : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly List<byte> _pending = [];

    private RawClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static async Task<RawClient> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint).WaitAsync(ReadTimeout);
        return new RawClient(socket);
    }

    public async Task SendAsync(byte[] data)
    {
        var sent = 0;
        while (sent < data.Length)
        {
            sent += await Socket.SendAsync(data.AsMemory(sent), SocketFlags.None);
        }
    }

    public Task SendAsync(string latin1) => SendAsync(Encoding.Latin1.GetBytes(latin1));

    public void ShutdownSend() => Socket.Shutdown(SocketShutdown.Send);

    public async Task<byte[]> ReadExactlyAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? ReadTimeout);
        while (_pending.Count < count)
        {
            if (!await FillAsync(cts.Token))
            {
                throw new EndOfStreamException($"Connection closed after {_pending.Count} of {count} bytes");
            }
        }

        return Take(count);
    }

    /// <summary>Everything until the peer closes (a reset also ends it).</summary>
    public async Task<byte[]> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? ReadTimeout);
        while (await FillAsync(cts.Token))
        {
        }

        return Take(_pending.Count);
    }

    /// <summary>True when the peer closed (EOF or reset) before the deadline, with no further data.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan? timeout = null)
    {
        try
        {
            var rest = await ReadToEndAsync(timeout);
            return rest.Length == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads one HTTP response (head and body by its framing). HEAD-style responses: pass noBody.</summary>
    public async Task<TestHttpResponse> ReadResponseAsync(bool noBody = false, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? ReadTimeout);
        var headEnd = await ReadUntilAsync("\r\n\r\n"u8.ToArray(), cts.Token);
        var head = Encoding.Latin1.GetString(Take(headEnd));
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':')], Value: l[(l.IndexOf(':') + 1)..].Trim())).ToList();
        var response = new TestHttpResponse(lines[0], status, headers, []);
        if (noBody || status is 204 or 304 || status < 200)
        {
            return response;
        }

        if (response.Header("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var body = new List<byte>();
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(cts.Token)).Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync(cts.Token)).Length > 0)
                    {
                    }

                    return response with { Body = [.. body] };
                }

                body.AddRange(await ReadExactlyAsync(size));
                (await ReadLineAsync(cts.Token)).Should().BeEmpty("a chunk ends with CRLF");
            }
        }

        if (response.Header("Content-Length") is { } length)
        {
            return response with { Body = await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)) };
        }

        return response with { Body = await ReadToEndAsync() };
    }

    public void Dispose() => Socket.Dispose();

    /// <summary>Fills until the marker is buffered; returns the count of bytes up to and including it (not consumed).</summary>
    private async Task<int> ReadUntilAsync(byte[] marker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = IndexOf(marker);
            if (index >= 0)
            {
                return index + marker.Length;
            }

            if (!await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("Connection closed before the expected marker");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var end = await ReadUntilAsync("\r\n"u8.ToArray(), cancellationToken);
        return Encoding.Latin1.GetString(Take(end))[..^2];
    }

    private int IndexOf(byte[] marker)
    {
        for (var i = 0; i + marker.Length <= _pending.Count; i++)
        {
            var match = true;
            for (var j = 0; j < marker.Length && match; j++)
            {
                match = _pending[i + j] == marker[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        int read;
        byte[] buffer;
        try
        {
            // Sized to what arrived: a socket keeps a reference to its last buffer (see IdleMemoryTests).
            await Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
            buffer = new byte[Math.Clamp(Socket.Available, 1, 64 * 1024)];
            read = await Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }

        _pending.AddRange(buffer.Take(read));
        return read > 0;
    }

    private byte[] Take(int count)
    {
        var taken = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return taken;
    }
}
