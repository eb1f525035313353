using System.Text;

namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>A response as a test client read it (chunked bodies already decoded).</summary>
internal sealed record TestHttpResponse(string StatusLine, int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string BodyText => Encoding.UTF8.GetString(Body);
}
