using System.Diagnostics;
using System.Net;
using Tunmux.Proxy.Outbound;

namespace Tunmux.Proxy.Connections;

/// <summary>
/// Filled in as a connection (or forwarded request) goes; written to the sink once, at the end.
/// The client and target are kept as they are and turned into text only when a line is written:
/// with the access log off (the default) a connection formats nothing.
/// </summary>
internal sealed class AccessRecord(IAccessLogSink? sink, string proxy, EndPoint? client, string protocol)
{
    private readonly DateTimeOffset _started = sink is null ? default : DateTimeOffset.UtcNow;
    private readonly long _startTimestamp = sink is null ? 0 : Stopwatch.GetTimestamp();
    private bool _written;

    public string Protocol { get; set; } = protocol;

    public ProxyTarget? Target { get; set; }

    public long BytesUp { get; set; }

    public long BytesDown { get; set; }

    /// <summary>Anything that ends without saying otherwise was an error.</summary>
    public ProxyOutcome Result { get; set; } = ProxyOutcome.Error;

    public string? Detail { get; set; }

    public void Complete()
    {
        if (_written || sink is null)
        {
            return;
        }

        _written = true;
        sink.Write(new AccessLogEntry(_started, proxy, client?.ToString() ?? "?", Protocol, Target?.ToString(), BytesUp, BytesDown,
            Stopwatch.GetElapsedTime(_startTimestamp), Result) { Detail = Detail });
    }
}
