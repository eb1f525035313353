using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Metrics.Http;

namespace Tunmux.Daemon.Tests.Metrics.Http;

/// <summary>A metrics server on 127.0.0.1 with a kernel-chosen port, plus clients that talk to it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();

    public RunningServer(MetricsRegistry registry, MetricsServerOptions? options = null)
    {
        Server = new MetricsHttpServer(registry, (options ?? new MetricsServerOptions()) with { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        Server.Start(_stop.Token);
        // No proxy: a proxy from the environment must never see loopback test traffic.
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{Server.LocalEndPoint}"), Timeout = Patience };
    }

    public MetricsHttpServer Server { get; }

    public HttpClient Client { get; }

    public void CancelToken() => _stop.Cancel();

    /// <summary>Sends raw bytes and reads until the server closes.</summary>
    public async Task<string> ExchangeAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Server.LocalEndPoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
