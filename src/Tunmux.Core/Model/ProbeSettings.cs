using System.Net;

namespace Tunmux.Core.Model;

/// <summary>
/// A tunnel's active probe, resolved from <c>spec.health.probe</c>. <paramref name="Nameservers"/>
/// are the tunnel's DNS servers, asked in order when the target is a host name; the resolver fills
/// them in and refuses a name when the tunnel has none.
/// </summary>
public sealed record ProbeSettings(ProbeTarget Target, TimeSpan Interval, TimeSpan Timeout, int FailureThreshold)
{
    public IReadOnlyList<IPAddress> Nameservers { get; init; } = [];

    /// <summary>Value equality that includes the name servers (a record compares lists by reference).</summary>
    public bool Equals(ProbeSettings? other) =>
        other is not null && Target == other.Target && Interval == other.Interval && Timeout == other.Timeout
        && FailureThreshold == other.FailureThreshold && Nameservers.SequenceEqual(other.Nameservers);

    public override int GetHashCode() => HashCode.Combine(Target, Interval, Timeout, FailureThreshold, Nameservers.Count);
}

/// <summary>What a probe checks. The set is closed: a TCP connect, or an HTTP GET.</summary>
public abstract record ProbeTarget
{
    private ProbeTarget(ProbeHost destination) => Destination = destination;

    /// <summary>Where the probe connects: an IP address, or a name resolved through the tunnel's DNS.</summary>
    public ProbeHost Destination { get; }

    /// <summary>How status messages name the target, e.g. "tcp 198.19.255.1:80" or "http://whoami.lab/".</summary>
    public abstract string Description { get; }

    /// <summary>Passes when a TCP connection to <see cref="Destination"/> is established.</summary>
    public sealed record Tcp(ProbeHost Address) : ProbeTarget(Address)
    {
        public override string Description => $"tcp {Address}";
    }

    /// <summary>
    /// Passes when a GET of <paramref name="PathAndQuery"/> (Host: <paramref name="Authority"/>)
    /// is answered with a status below 500: any answer proves the path works, and a 4xx is the
    /// server's business, not the tunnel's.
    /// </summary>
    public sealed record Http(ProbeHost Address, string Authority, string PathAndQuery) : ProbeTarget(Address)
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
