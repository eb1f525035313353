namespace Tunmux.Proxy;

/// <summary>Receives one entry per finished connection (per request for forwarded HTTP). Must be thread-safe.</summary>
public interface IAccessLogSink
{
    void Write(AccessLogEntry entry);
}
