using System.Net;
using Tunmux.Api;
using Tunmux.Api.Model;

namespace Tunmux.Core.Model;

/// <summary>A tunnel's active probe, resolved from <c>spec.health.probe</c>.</summary>
public sealed record ProbeSettings(ProbeTarget Target, TimeSpan Interval, TimeSpan Timeout, int FailureThreshold)
{
    /// <summary>The settings of a validated probe spec; throws on a target the validator would have refused.</summary>
    public static ProbeSettings From(ProbeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ProbeSettings(ProbeTarget.From(spec), spec.Interval, spec.Timeout, spec.FailureThreshold);
    }
}

/// <summary>What a probe checks. The set is closed: a TCP connect, or an HTTP GET.</summary>
public abstract record ProbeTarget
{
    private ProbeTarget(IPEndPoint endPoint) => EndPoint = endPoint;

    /// <summary>Where the probe connects; always an IP address (probes do not resolve names).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>How status messages name the target, e.g. "tcp 198.19.255.1:80" or "http://198.19.255.1/".</summary>
    public abstract string Description { get; }

    public static ProbeTarget From(ProbeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Tcp is { } tcp)
        {
            return ProbeAddress.TryParseTcp(tcp, out var endPoint, out var error)
                ? new Tcp(endPoint)
                : throw new ArgumentException($"probe tcp: {error}", nameof(spec));
        }

        if (spec.Url is not { } url)
        {
            throw new ArgumentException("a probe needs url or tcp", nameof(spec));
        }

        return ProbeAddress.TryParseUrl(url, out var parsed, out var urlError)
            ? new Http(parsed.EndPoint, parsed.Authority, parsed.PathAndQuery)
            : throw new ArgumentException($"probe url: {urlError}", nameof(spec));
    }

    /// <summary>Passes when a TCP connection to <see cref="EndPoint"/> is established.</summary>
    public sealed record Tcp(IPEndPoint Address) : ProbeTarget(Address)
    {
        public override string Description => $"tcp {Address}";
    }

    /// <summary>
    /// Passes when a GET of <paramref name="PathAndQuery"/> (Host: <paramref name="Authority"/>)
    /// is answered with a status below 500: any answer proves the path works, and a 4xx is the
    /// server's business, not the tunnel's.
    /// </summary>
    public sealed record Http(IPEndPoint Address, string Authority, string PathAndQuery) : ProbeTarget(Address)
    {
        /// <summary>The query is left out (as "?…"): it may carry a token, and status and logs show this text.</summary>
        public override string Description
        {
            get
            {
                var query = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
                return $"http://{Authority}{(query < 0 ? PathAndQuery : PathAndQuery[..query] + "?…")}";
            }
        }
    }
}
