using System.Text;

namespace Tunmux.Daemon.Metrics.Http;

/// <summary>An answer to write and then close the connection.</summary>
public sealed record HttpResponse(int Status, string Reason, string ContentType, byte[] Body, bool OmitBody = false, string? Allow = null)
{
    public static HttpResponse Text(int status, string reason, string text) =>
        new(status, reason, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

    /// <summary>Status line, headers and (unless HEAD) the body. Content-Length is always the body's length.</summary>
    public byte[] ToBytes()
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(Status).Append(' ').Append(Reason).Append("\r\n")
            .Append("Content-Type: ").Append(ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        if (Allow is not null)
        {
            head.Append("Allow: ").Append(Allow).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return OmitBody ? headBytes : [.. headBytes, .. Body];
    }
}
