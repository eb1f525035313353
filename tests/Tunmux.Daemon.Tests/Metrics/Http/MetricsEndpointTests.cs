using System.Text;
using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Metrics.Http;

namespace Tunmux.Daemon.Tests.Metrics.Http;

public sealed class MetricsEndpointTests
{
    private const string Body = "# TYPE g gauge\ng 1\n";

    private static HttpResponse Respond(string requestHead) => MetricsEndpoint.Respond(HttpRequestHead.TryParse(requestHead), () => Body);

    [Fact]
    public void A_head_request_gets_the_get_headers_and_no_body()
    {
        var get = Encoding.ASCII.GetString(Respond("GET /metrics HTTP/1.1\r\n\r\n").ToBytes());
        var head = Encoding.ASCII.GetString(Respond("HEAD /metrics HTTP/1.1\r\n\r\n").ToBytes());

        get.Should().StartWith(head).And.EndWith("\r\n\r\n" + Body);
        head.Should().EndWith("\r\n\r\n").And.Contain($"Content-Type: {PrometheusTextFormatter.ContentType}\r\n").And.Contain($"Content-Length: {Body.Length}\r\n");
    }

    [Fact]
    public void Other_methods_on_metrics_are_not_allowed_and_say_what_is()
    {
        var response = Respond("POST /metrics HTTP/1.1\r\n\r\n");

        (response.Status, response.Allow).Should().Be((405, "GET, HEAD"));
    }

    [Fact]
    public void Other_paths_are_not_found_and_unparsable_requests_are_bad()
    {
        Respond("GET /other HTTP/1.1\r\n\r\n").Status.Should().Be(404);
        Respond("nonsense\r\n\r\n").Status.Should().Be(400);
    }

    [Fact]
    public void Healthz_answers_while_the_process_serves_and_readyz_follows_readiness()
    {
        var ready = false;
        HttpResponse Ask(string path) => MetricsEndpoint.Respond(HttpRequestHead.TryParse($"GET {path} HTTP/1.1\r\n\r\n"), () => Body, () => ready);

        Ask("/healthz").Status.Should().Be(200);
        Ask("/readyz").Status.Should().Be(503);
        ready = true;
        Ask("/readyz").Status.Should().Be(200);
        Encoding.ASCII.GetString(Ask("/readyz").ToBytes()).Should().EndWith("ok\n");
    }
}
