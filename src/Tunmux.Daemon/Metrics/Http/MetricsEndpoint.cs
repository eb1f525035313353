using System.Text;

namespace Tunmux.Daemon.Metrics.Http;

/// <summary>Decides the answer to a request. Pure: rendering is passed in, nothing is read or written here.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Liveness: 200 while the process serves at all.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>Readiness: 200 once the first full observation is done (every declared object reconciled once), else 503.</summary>
    public const string ReadyPath = "/readyz";

    public static HttpResponse Respond(HttpRequestHead? request, Func<string> render, Func<bool>? ready = null)
    {
        ArgumentNullException.ThrowIfNull(render);
        if (request is null)
        {
            return HttpResponse.Text(400, "Bad Request", "Bad request.\n");
        }

        var isHead = request.Method == "HEAD";
        if (request.Path is HealthPath or ReadyPath && request.Method is "GET" or "HEAD")
        {
            var isReady = request.Path == HealthPath || (ready?.Invoke() ?? true);
            return (isReady ? HttpResponse.Text(200, "OK", "ok\n") : HttpResponse.Text(503, "Service Unavailable", "not ready: the first reconcile of every declared object is not done\n"))
                with { OmitBody = isHead };
        }

        if (request.Path != Path)
        {
            return HttpResponse.Text(404, "Not Found", $"Not found. Metrics are at {Path}.\n") with { OmitBody = isHead };
        }

        if (request.Method is not ("GET" or "HEAD"))
        {
            return HttpResponse.Text(405, "Method Not Allowed", "Use GET or HEAD.\n") with { Allow = "GET, HEAD" };
        }

        // HEAD renders too: its Content-Length must be the one GET would send.
        var body = Encoding.UTF8.GetBytes(render());
        return new HttpResponse(200, "OK", PrometheusTextFormatter.ContentType, body, OmitBody: isHead);
    }

    public static HttpResponse HeadTooLarge() =>
        HttpResponse.Text(431, "Request Header Fields Too Large", "Request head too large.\n");

    public static HttpResponse RenderFailed() =>
        HttpResponse.Text(500, "Internal Server Error", "Metrics could not be collected; see the daemon log.\n");
}
