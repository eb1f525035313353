using System.Diagnostics;

namespace Tunmux.Proxy.Connections;

/// <summary>Filled in as a connection (or forwarded request) goes; written to the sink once, at the end.</summary>
internal sealed class AccessRecord(IAccessLogSink? sink, string proxy, string client, string protocol)
{
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private bool _written;

    public string Protocol { get; set; } = protocol;

    public string? Target { get; set; }

    public long BytesUp { get; set; }

    public long BytesDown { get; set; }

    /// <summary>Anything that ends without saying otherwise was an error.</summary>
    public string Result { get; set; } = "error";

    public string? Detail { get; set; }

    public void Complete()
    {
        if (_written || sink is null)
        {
            return;
        }

        _written = true;
        sink.Write(new AccessLogEntry(_started, proxy, client, Protocol, Target, BytesUp, BytesDown,
            Stopwatch.GetElapsedTime(_startTimestamp), Result) { Detail = Detail });
    }
}
