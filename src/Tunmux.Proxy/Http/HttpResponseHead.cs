namespace Tunmux.Proxy.Http;

/// <summary>A parsed status line and header section.</summary>
internal sealed record HttpResponseHead(int Minor, int StatusCode, string Reason, HttpHeaders Headers)
{
    public bool AllowsReuse =>
        Minor >= 1 ? !Headers.HasToken("Connection", "close") : Headers.HasToken("Connection", "keep-alive");
}
