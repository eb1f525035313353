using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tunmux.Lab.Tests.Whoami;

/// <summary>The real server on a loopback port.</summary>
public sealed class WhoamiServerTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _folder = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener _listener = null!;
    private Task _server = Task.CompletedTask;

    private string LogFile => _folder.File("whoami.log");

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _server = WhoamiServer.ServeAsync(_listener, LogFile, _stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.WaitAsync(TimeSpan.FromSeconds(10));
        _listener.Stop();
        _stop.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_get_is_answered_with_the_callers_address_and_logged()
    {
        using var client = new HttpClient();

        var body = await client.GetStringAsync($"http://127.0.0.1:{Port}/check?x=1");

        body.Should().Be("127.0.0.1\n");
        var line = File.ReadAllLines(LogFile).Should().ContainSingle().Subject;
        line.Split(' ')[1..].Should().Equal("127.0.0.1", "GET", "/check?x=1", $"127.0.0.1:{Port}");
        DateTimeOffset.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Pipelined_requests_on_one_connection_each_get_an_answer_in_order()
    {
        var requests =
            "GET /one HTTP/1.1\r\nHost: a\r\n\r\n" +
            "POST /two HTTP/1.1\r\nHost: b\r\nContent-Length: 5\r\n\r\nhello" +
            "HEAD /three HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n";

        var reply = await ExchangeAsync(requests);

        reply.Split("HTTP/1.1 200 OK").Should().HaveCount(4);
        reply.Should().EndWith("Connection: close\r\n\r\n");
        File.ReadAllLines(LogFile).Select(l => string.Join(' ', l.Split(' ')[2..])).Should().Equal("GET /one a", "POST /two b", "HEAD /three c");
    }

    [Fact]
    public async Task Garbage_gets_a_400_and_the_connection_closes_without_a_log_line()
    {
        var reply = await ExchangeAsync("HELLO THERE\r\n\r\n");

        reply.Should().StartWith("HTTP/1.1 400 Bad Request\r\n");
        File.Exists(LogFile).Should().BeTrue();
        File.ReadAllText(LogFile).Should().BeEmpty();
    }

    /// <summary>Sends the bytes, then reads until the server closes the connection.</summary>
    private async Task<string> ExchangeAsync(string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
