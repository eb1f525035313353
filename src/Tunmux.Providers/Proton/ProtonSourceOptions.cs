using Tunmux.Core.Providers;
using Tunmux.Providers.Latency;
using Tunmux.Providers.Proton.Servers;

namespace Tunmux.Providers.Proton;

/// <summary>Timing of <see cref="ProtonTunnelSource"/>.</summary>
public sealed record ProtonSourceOptions
{
    /// <summary>A certificate is renewed when less than this is left (Proton issues 7-day certificates).</summary>
    public TimeSpan CertificateMargin { get; init; } = TimeSpan.FromDays(1);

    public TimeSpan ServerListTtl { get; init; } = ProtonServerList.DefaultTtl;

    /// <summary>For spec.server.sort: latency.</summary>
    public ILatencyProbe LatencyProbe { get; init; } = new PingLatencyProbe();

    /// <summary>How long a server a tunnel failed over from is avoided for that tunnel.</summary>
    public ServerAvoidance Avoidance { get; init; } = ServerAvoidance.Default;
}
