namespace Tunmux.Proxy.Http;

/// <summary>A parsed request line and header section. <see cref="Minor"/> is 0 or 1 (HTTP/1.0 or HTTP/1.1).</summary>
internal sealed record HttpRequestHead(string Method, string Target, int Minor, HttpHeaders Headers)
{
    public bool IsConnect => Method == "CONNECT";

    /// <summary>HTTP/1.1 is persistent unless it says close; HTTP/1.0 only when it asks for keep-alive.</summary>
    public bool WantsKeepAlive =>
        Minor >= 1
            ? !Headers.HasToken("Connection", "close") && !Headers.HasToken("Proxy-Connection", "close")
            : Headers.HasToken("Connection", "keep-alive") || Headers.HasToken("Proxy-Connection", "keep-alive");
}
