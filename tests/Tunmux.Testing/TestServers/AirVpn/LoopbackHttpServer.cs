using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tunmux.Testing.TestServers;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 and a port the kernel picks, for protocol test servers:
/// one request per connection (it answers `Connection: close`), every request recorded.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<TestHttpRequest, Task<TestHttpResponse>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<TestHttpRequest> _requests = [];

    public LoopbackHttpServer(Func<TestHttpRequest, Task<TestHttpResponse>> handler)
    {
        _handler = handler;
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<TestHttpRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                lock (_requests)
                {
                    _requests.Add(request);
                }

                TestHttpResponse response;
                try
                {
                    response = await _handler(request);
                }
                catch (Exception exception)
                {
                    response = TestHttpResponse.Text(500, $"test server failure: {exception.GetType().Name}: {exception.Message}");
                }

                await WriteResponseAsync(stream, response);
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private static async Task<TestHttpRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? $"{existing}; {value}" : value;
        }

        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body);
        var target = requestLine[1];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return new TestHttpRequest(
            requestLine[0],
            question < 0 ? target : target[..question],
            question < 0 ? "" : target[(question + 1)..],
            headers,
            body);
    }

    private static async Task WriteResponseAsync(NetworkStream stream, TestHttpResponse response)
    {
        var head = new StringBuilder()
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n")
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n")
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in response.Headers)
        {
            head.Append(System.Globalization.CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(response.Body);
        await stream.FlushAsync();
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };
}

public sealed record TestHttpRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as an application/x-www-form-urlencoded form.</summary>
    public IReadOnlyDictionary<string, string> Form() => ParsePairs(BodyText);

    public IReadOnlyDictionary<string, string> QueryValues() => ParsePairs(Query);

    /// <summary>Cookies the client sent, by name.</summary>
    public IReadOnlyDictionary<string, string> Cookies() =>
        (Header("Cookie") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    private static Dictionary<string, string> ParsePairs(string text) =>
        text.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                parts => Uri.UnescapeDataString(parts[0].Replace('+', ' ')),
                parts => parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "",
                StringComparer.Ordinal);
}

public sealed record TestHttpResponse(int Status, byte[] Body, string ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    public static TestHttpResponse Text(int status, string text, string contentType = "text/plain; charset=utf-8") =>
        new(status, Encoding.UTF8.GetBytes(text), contentType, []);

    public static TestHttpResponse Json(int status, string json) => Text(status, json, "application/json");

    public static TestHttpResponse Bytes(int status, byte[] body, string contentType = "application/octet-stream") => new(status, body, contentType, []);

    public static TestHttpResponse Redirect(string location, params (string Name, string Value)[] headers) =>
        new(302, [], "text/html", [("Location", location), .. headers]);

    public TestHttpResponse WithHeader(string name, string value) => this with { Headers = [.. Headers, (name, value)] };
}
