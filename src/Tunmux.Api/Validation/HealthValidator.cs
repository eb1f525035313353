using FluentValidation;
using Tunmux.Api.Model;
using Tunmux.Api.Schema;

namespace Tunmux.Api.Validation;

/// <summary>spec.health: the handshake age limit and the active probe.</summary>
internal sealed class HealthValidator : AbstractValidator<TunnelHealthSpec>
{
    /// <summary>
    /// WireGuard renews a session's handshake every 120 s while it carries traffic (keepalives
    /// count), and the renewal takes a round trip or a few: a shorter limit calls healthy tunnels stale.
    /// </summary>
    public static readonly TimeSpan MinHandshakeMaxAge = TimeSpan.FromSeconds(130);

    /// <summary>Probing more often than this only loads the exit.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);

    public HealthValidator()
    {
        RuleFor(h => h.HandshakeMaxAge)
            .Must(age => age >= MinHandshakeMaxAge)
            .When(h => h.HandshakeMaxAge is not null)
            .WithMessage(h => $"{GoDuration.Format(h.HandshakeMaxAge!.Value)} is too short: at least {GoDuration.Format(MinHandshakeMaxAge)}, "
                + "because WireGuard renews a handshake only every 2 minutes")
            .OverridePropertyName("handshakeMaxAge");

        RuleFor(h => h.Probe!).Custom((probe, context) =>
        {
            switch (probe)
            {
                case { Url: null, Tcp: null }:
                    context.AddFailure("probe", "needs a target: url (http://HOST/PATH) or tcp (HOST:PORT)");
                    break;
                case { Url: not null, Tcp: not null }:
                    context.AddFailure("probe", "url and tcp exclude each other: a probe checks one target");
                    break;
                case { Url: { } url } when !ProbeAddress.TryParseUrl(url, out _, out var error):
                    context.AddFailure("probe.url", error);
                    break;
                case { Tcp: { } tcp } when !ProbeAddress.TryParseTcp(tcp, out _, out var error):
                    context.AddFailure("probe.tcp", error);
                    break;
            }

            if (probe.FailureThreshold is < ManifestLimits.MinProbeFailureThreshold or > ManifestLimits.MaxProbeFailureThreshold)
            {
                context.AddFailure("probe.failureThreshold",
                    $"{probe.FailureThreshold} is out of range: {ManifestLimits.MinProbeFailureThreshold}-{ManifestLimits.MaxProbeFailureThreshold}");
            }

            if (probe.Interval < MinInterval)
            {
                context.AddFailure("probe.interval", $"{GoDuration.Format(probe.Interval)} is too short: at least {GoDuration.Format(MinInterval)}");
            }

            if (probe.Timeout < MinTimeout)
            {
                context.AddFailure("probe.timeout", $"{GoDuration.Format(probe.Timeout)} is too short: at least {GoDuration.Format(MinTimeout)}");
            }
            else if (probe.Timeout > probe.Interval)
            {
                context.AddFailure("probe.timeout",
                    $"{GoDuration.Format(probe.Timeout)} is longer than the interval ({GoDuration.Format(probe.Interval)}): a probe must end before the next is due");
            }
        }).When(h => h.Probe is not null);
    }
}
