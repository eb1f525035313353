using Microsoft.Extensions.Logging;
using Tunmux.Proxy.Logging;

namespace Tunmux.Proxy.Relay;

internal static class RelayFactory
{
    public static IRelay Create(ProxyServerOptions options, ILogger logger)
    {
        if (options.Relay == RelayMode.Managed)
        {
            return new ManagedRelay(options.RelayBufferBytes);
        }

        if (SpliceRelay.IsSupported(out var reason))
        {
            return new SpliceRelay(options.RelayBufferBytes);
        }

        if (options.Relay == RelayMode.Splice)
        {
            throw new PlatformNotSupportedException($"splice(2) relay requested but unavailable: {reason}");
        }

        ProxyLog.SpliceUnavailable(logger, reason);
        return new ManagedRelay(options.RelayBufferBytes);
    }
}
