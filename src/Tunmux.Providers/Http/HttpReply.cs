using System.Net;

namespace Tunmux.Providers.Http;

/// <summary>What a provider API answered: the status and the body as text (read whole; replies are small).</summary>
public sealed record HttpReply(HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}
