using Tunmux.Api.Model;

namespace Tunmux.Api.Schema;

/// <summary>The field table of a Tunnel's <c>spec.health</c>.</summary>
internal static class HealthFields
{
    public static readonly ObjectShape<ProbeSpec> Probe =
        new ObjectShape<ProbeSpec>(
            "An active check sent from inside the tunnel's namespace, so only through the tunnel; exactly one of url "
            + "and tcp. Only the daemon probes; a one-shot apply does not.",
            () => new ProbeSpec())
            .Add(
                "url",
                new StringShape(),
                "http://HOST[:PORT]/PATH: a GET whose status is below 500 passes. A host name is resolved through the tunnel's own DNS.",
                p => p.Url,
                (p, v) => p with { Url = (string)v })
            .Add(
                "tcp",
                new StringShape(),
                "HOST:PORT or [IPV6]:PORT: a TCP connect that completes passes. A host name is resolved through the tunnel's own DNS.",
                p => p.Tcp,
                (p, v) => p with { Tcp = (string)v })
            .Add(
                "interval",
                new DurationShape(),
                "Time between probes while the tunnel is healthy (default 30s); while it recovers, probes come more often.",
                p => p.Interval,
                (p, v) => p with { Interval = (TimeSpan)v },
                defaultValue: GoDuration.Format(ProbeSpec.DefaultInterval))
            .Add(
                "timeout",
                new DurationShape(),
                "How long one probe may take, connect and answer included (default 5s); at most the interval.",
                p => p.Timeout,
                (p, v) => p with { Timeout = (TimeSpan)v },
                defaultValue: GoDuration.Format(ProbeSpec.DefaultTimeout))
            .Add(
                "failureThreshold",
                new IntegerShape { Minimum = ManifestLimits.MinProbeFailureThreshold, Maximum = ManifestLimits.MaxProbeFailureThreshold },
                "Failures in a row that make the tunnel unhealthy (default 3); one passing probe clears them.",
                p => p.FailureThreshold,
                (p, v) => p with { FailureThreshold = (int)v },
                defaultValue: ProbeSpec.DefaultFailureThreshold);

    public static readonly ObjectShape<TunnelHealthSpec> Health =
        new ObjectShape<TunnelHealthSpec>("How the daemon judges the tunnel's health.", () => new TunnelHealthSpec())
            .Add(
                "handshakeMaxAge",
                new DurationShape(),
                "A latest WireGuard handshake older than this means unhealthy (default: the daemon's, 180s); at least 2m10s.",
                h => h.HandshakeMaxAge,
                (h, v) => h with { HandshakeMaxAge = (TimeSpan)v })
            .Add(
                "probe",
                Probe,
                "An optional active probe through the exit.",
                h => h.Probe,
                (h, v) => h with { Probe = (ProbeSpec)v });
}
