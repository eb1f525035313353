using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>A request as the origin received it: the raw head for header assertions, the decoded body.</summary>
internal sealed record OriginRequest(int Connection, string RequestLine, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, bool WasChunked)
{
    public string Method => RequestLine.Split(' ')[0];

    public string Target => RequestLine.Split(' ')[1];

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public bool Has(string name) => Headers.Any(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>The bytes the origin answers with, and whether it closes the connection afterwards.</summary>
internal sealed record OriginResponse(byte[] Bytes, bool Close = false)
{
    public static OriginResponse Text(int status, string body, params string[] extraHeaders)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Length: {bytes.Length}\r\n{string.Concat(extraHeaders.Select(h => h + "\r\n"))}\r\n";
        return new OriginResponse([.. Encoding.Latin1.GetBytes(head), .. bytes]);
    }

    public static OriginResponse Chunked(int status, params string[] chunks)
    {
        var text = new StringBuilder($"HTTP/1.1 {status} {Reason(status)}\r\nTransfer-Encoding: chunked\r\n\r\n");
        foreach (var chunk in chunks)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetByteCount(chunk):x};ext=1\r\n{chunk}\r\n");
        }

        text.Append("0\r\nX-Trailer: done\r\n\r\n");
        return new OriginResponse(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>No length, no chunking: the body ends when the origin closes.</summary>
    public static OriginResponse CloseDelimited(string body) =>
        new(Encoding.UTF8.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n{body}"), Close: true);

    public static OriginResponse Raw(string text, bool close = false) => new(Encoding.Latin1.GetBytes(text), close);

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        204 => "No Content",
        304 => "Not Modified",
        404 => "Not Found",
        _ => "Status",
    };
}

/// <summary>
/// A small HTTP/1.1 origin for tests: keep-alive, Content-Length and chunked request bodies,
/// "Expect: 100-continue", and a handler that decides the raw response.
/// </summary>
internal sealed class HttpOrigin : IAsyncDisposable
{
    private readonly Func<OriginRequest, OriginResponse> _handler;
    private readonly ConcurrentQueue<OriginRequest> _requests = new();
    private readonly AcceptLoop _loop;

    public HttpOrigin(Func<OriginRequest, OriginResponse>? handler = null)
    {
        _handler = handler ?? (r => OriginResponse.Text(200, $"hello {r.Method} {r.Target}"));
        _loop = new AcceptLoop(new IPEndPoint(IPAddress.Loopback, 0), ServeAsync);
    }

    public int Port => _loop.EndPoint.Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<OriginRequest> Requests => [.. _requests];

    public int ConnectionCount => _loop.Accepted;

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task ServeAsync(Socket socket, int id, CancellationToken cancellationToken)
    {
        using var _ = socket;
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = new LineReader(stream);
        try
        {
            while (true)
            {
                var requestLine = await reader.ReadLineAsync(cancellationToken);
                if (requestLine is null)
                {
                    return;
                }

                var headers = new List<(string, string)>();
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(cancellationToken)))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    headers.Add((line[..colon], line[(colon + 1)..].Trim()));
                }

                var partial = new OriginRequest(id, requestLine, headers, [], false);
                if (partial.Header("Expect")?.Equals("100-continue", StringComparison.OrdinalIgnoreCase) == true)
                {
                    await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
                }

                var chunked = partial.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;
                var body = chunked ? await reader.ReadChunkedAsync(cancellationToken)
                    : partial.Header("Content-Length") is { } length ? await reader.ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken)
                    : [];
                var request = partial with { Body = body, WasChunked = chunked };
                _requests.Enqueue(request);

                var response = _handler(request);
                await stream.WriteAsync(response.Bytes, cancellationToken);
                if (response.Close || request.Header("Connection")?.Equals("close", StringComparison.OrdinalIgnoreCase) == true)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException
            or FormatException or ArgumentException)
        {
            // Robustness tests send garbage through the proxy; the origin just drops such connections.
        }
    }

    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    return line.Count == 0 ? null : throw new EndOfStreamException();
                }

                var b = _buffer[_start++];
                if (b == '\n')
                {
                    return Encoding.Latin1.GetString([.. line]).TrimEnd('\r');
                }

                line.Add(b);
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            for (var done = 0; done < count;)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new EndOfStreamException();
                }

                var n = Math.Min(count - done, _end - _start);
                Array.Copy(_buffer, _start, result, done, n);
                _start += n;
                done += n;
            }

            return result;
        }

        public async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            var body = new List<byte>();
            while (true)
            {
                var size = Convert.ToInt32(((await ReadLineAsync(cancellationToken)) ?? throw new EndOfStreamException()).Split(';')[0], 16);
                if (size == 0)
                {
                    while (!string.IsNullOrEmpty(await ReadLineAsync(cancellationToken)))
                    {
                    }

                    return [.. body];
                }

                body.AddRange(await ReadExactlyAsync(size, cancellationToken));
                await ReadLineAsync(cancellationToken);
            }
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            return _end > 0;
        }
    }
}
