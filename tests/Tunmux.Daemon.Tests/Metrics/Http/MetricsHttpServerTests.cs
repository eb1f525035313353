using System.Net;
using System.Net.Sockets;
using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Metrics.Http;
using Tunmux.Daemon.Tests.Metrics.Exposition;

namespace Tunmux.Daemon.Tests.Metrics.Http;

public sealed class MetricsHttpServerTests
{
    private readonly MetricsRegistry _registry = new();
    private readonly TunmuxMetrics _metrics;

    public MetricsHttpServerTests()
    {
        // A clock that stands still: two scrapes of an unchanged registry must be byte-identical
        // (the handshake age would otherwise change length between them).
        var time = new ManualTime(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _metrics = new TunmuxMetrics(_registry, "0.0.1-test", time);
        _metrics.ObserveTunnel("home \"quoted\"", true, time.GetUtcNow() - TimeSpan.FromSeconds(1.25), 123, 456);
        _metrics.RecordReconcile(TimeSpan.FromMilliseconds(70), "Timeout");
    }

    [Fact]
    public async Task A_scrape_over_loopback_returns_a_valid_exposition_of_the_registry()
    {
        await using var running = new RunningServer(_registry);

        using var response = await running.Client.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.GetValues("Content-Type").Should().Equal(PrometheusTextFormatter.ContentType);
        var scraped = ExpositionParser.Parse(body);
        scraped.Value("tunmux_tunnel_receive_bytes_total", ("tunnel", "home \"quoted\"")).Should().Be(123);
        scraped.Value("tunmux_reconcile_duration_seconds_count").Should().Be(1);
        scraped.Value("tunmux_build_info", ("version", "0.0.1-test")).Should().Be(1);
        scraped.Value("tunmux_tunnel_handshake_age_seconds", ("tunnel", "home \"quoted\"")).Should().Be(1.25);
    }

    [Fact]
    public async Task Each_scrape_sees_the_values_of_that_moment()
    {
        await using var running = new RunningServer(_registry);

        _metrics.RecordReconcile(TimeSpan.FromSeconds(1), "Timeout");
        var body = await running.Client.GetStringAsync("/metrics");

        ExpositionParser.Parse(body).Value("tunmux_reconcile_errors_total", ("reason", "Timeout")).Should().Be(2);
    }

    [Fact]
    public async Task Another_path_is_not_found()
    {
        await using var running = new RunningServer(_registry);

        using var response = await running.Client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Head_answers_with_the_length_of_the_body_it_leaves_out()
    {
        await using var running = new RunningServer(_registry);

        using var head = await running.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics"));
        var body = await running.Client.GetByteArrayAsync("/metrics");

        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.Should().Be(body.Length);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_is_not_allowed()
    {
        await using var running = new RunningServer(_registry);

        using var response = await running.Client.PostAsync("/metrics", new StringContent("x"));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET", "HEAD");
    }

    [Fact]
    public async Task The_raw_answer_has_the_exact_content_type_and_closes_the_connection()
    {
        await using var running = new RunningServer(_registry);

        var answer = await running.ExchangeAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");

        answer.Should().StartWith("HTTP/1.1 200 OK\r\n")
            .And.Contain("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n")
            .And.Contain("\r\nConnection: close\r\n");
    }

    [Fact]
    public async Task A_malformed_request_gets_400()
    {
        await using var running = new RunningServer(_registry);

        var answer = await running.ExchangeAsync("HELLO\r\n\r\n");

        answer.Should().StartWith("HTTP/1.1 400 ");
    }

    [Fact]
    public async Task A_request_head_over_the_limit_gets_431()
    {
        await using var running = new RunningServer(_registry, new MetricsServerOptions { MaxRequestHeadBytes = 256 });

        var answer = await running.ExchangeAsync("GET /metrics HTTP/1.1\r\nX-Padding: " + new string('a', 1000) + "\r\n\r\n");

        answer.Should().StartWith("HTTP/1.1 431 ");
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_request_is_disconnected_after_the_timeout()
    {
        await using var running = new RunningServer(_registry, new MetricsServerOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = new TcpClient();
        await client.ConnectAsync(running.Server.LocalEndPoint);
        await client.GetStream().WriteAsync("GET /metrics HTTP/1.1\r\n"u8.ToArray());

        var read = await ReadOrResetAsync(client.GetStream()).WaitAsync(RunningServer.Patience);

        read.Should().Be(0, "the server closes the connection without answering");
    }

    [Fact]
    public async Task More_clients_than_connection_slots_are_all_served_in_turn()
    {
        await using var running = new RunningServer(_registry, new MetricsServerOptions { MaxConcurrentConnections = 2 });

        var bodies = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => running.Client.GetStringAsync("/metrics")));

        bodies.Should().OnlyContain(body => ExpositionParser.Parse(body).Families.Count > 0);
    }

    [Fact]
    public async Task A_failing_gauge_function_fails_that_scrape_with_500_and_the_server_keeps_serving()
    {
        var fail = true;
        _registry.CreateGauge("flaky", "Help.").WithLabels().SetFunction(() => fail ? throw new InvalidOperationException("boom") : 5);
        await using var running = new RunningServer(_registry);

        using var failed = await running.Client.GetAsync("/metrics");
        fail = false;
        var body = await running.Client.GetStringAsync("/metrics");

        failed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        ExpositionParser.Parse(body).Value("flaky").Should().Be(5);
    }

    [Fact]
    public async Task Cancelling_the_start_token_stops_the_server_and_frees_the_port()
    {
        await using var running = new RunningServer(_registry);
        var endPoint = running.Server.LocalEndPoint;

        running.CancelToken();
        await running.Server.Completion.WaitAsync(RunningServer.Patience);

        using var client = new TcpClient();
        var connect = async () => await client.ConnectAsync(endPoint);
        await connect.Should().ThrowAsync<SocketException>();
    }

    [Fact]
    public async Task A_port_already_in_use_fails_at_start()
    {
        await using var running = new RunningServer(_registry);
        await using var second = new MetricsHttpServer(_registry, new MetricsServerOptions { EndPoint = running.Server.LocalEndPoint });

        var start = () => second.Start(CancellationToken.None);

        start.Should().Throw<SocketException>();
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("10.20.30.40")]
    [InlineData("fe80::1")]
    public void A_non_loopback_address_is_refused_unless_explicitly_allowed(string address)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), MetricsServerOptions.DefaultPort);

        var refused = () => new MetricsHttpServer(_registry, new MetricsServerOptions { EndPoint = endPoint });
        var allowed = () => new MetricsHttpServer(_registry, new MetricsServerOptions { EndPoint = endPoint, AllowNonLoopback = true });

        refused.Should().Throw<ArgumentException>().WithMessage("*non-loopback*AllowNonLoopback*");
        allowed.Should().NotThrow();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.53")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_addresses_are_accepted(string address)
    {
        MetricsHttpServer.IsLoopback(IPAddress.Parse(address)).Should().BeTrue();
    }

    [Fact]
    public void The_default_endpoint_is_loopback_port_9477()
    {
        new MetricsServerOptions().EndPoint.Should().Be(new IPEndPoint(IPAddress.Loopback, 9477));
    }

    private static async Task<int> ReadOrResetAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[256]);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
