using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Model;

namespace Tunmux.Runtime.Resolution;

/// <summary>Turns a validated <c>spec.health.probe</c> into the probe the daemon runs.</summary>
public static class ProbeSettingsReader
{
    /// <summary>The settings of a validated probe spec; throws on a target the validator would have refused.</summary>
    public static ProbeSettings From(ProbeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ProbeSettings(TargetOf(spec), spec.Interval, spec.Timeout, spec.FailureThreshold);
    }

    public static ProbeTarget TargetOf(ProbeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Tcp is { } tcp)
        {
            return ProbeAddress.TryParseTcp(tcp, out var host, out var error)
                ? new ProbeTarget.Tcp(host)
                : throw new ArgumentException($"probe tcp: {error}", nameof(spec));
        }

        if (spec.Url is not { } url)
        {
            throw new ArgumentException("a probe needs url or tcp", nameof(spec));
        }

        return ProbeAddress.TryParseUrl(url, out var parsed, out var urlError)
            ? new ProbeTarget.Http(parsed.Target, parsed.Authority, parsed.PathAndQuery)
            : throw new ArgumentException($"probe url: {urlError}", nameof(spec));
    }
}
