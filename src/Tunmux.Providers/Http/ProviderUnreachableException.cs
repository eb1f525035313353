namespace Tunmux.Providers.Http;

/// <summary>
/// A provider API could not be reached at all (name resolution, refused connection, TLS, timeout):
/// nothing was answered, so callers may fall back to cached data. The message names the host and
/// the reason, never request bodies.
/// </summary>
public sealed class ProviderUnreachableException : Exception
{
    public ProviderUnreachableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
