using Tunmux.Core.PortForwarding;

namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>
/// One mapping round as Proton's own clients make it: UDP then TCP, internal port 1, no suggested
/// port, a 60-second lifetime. Both must succeed and agree on the public port. Renewing is asking
/// again; the port keeper decides when (<see cref="PortRenewalPolicy"/>).
/// </summary>
public sealed class ProtonPortForwarder(NatPmpClient client) : IPortMapper
{
    public const uint LifetimeSeconds = PortRenewalPolicy.RequestedLifetimeSeconds;

    public async Task<PortMapping> MapAsync(CancellationToken cancellationToken)
    {
        var udp = await MapAsync(NatPmpProtocol.Udp, cancellationToken).ConfigureAwait(false);
        var tcp = await MapAsync(NatPmpProtocol.Tcp, cancellationToken).ConfigureAwait(false);
        if (udp.ExternalPort != tcp.ExternalPort)
        {
            throw new InvalidOperationException($"the NAT-PMP gateway gave UDP port {udp.ExternalPort} but TCP port {tcp.ExternalPort}");
        }

        return new PortMapping(tcp.ExternalPort, TimeSpan.FromSeconds(Math.Min(udp.LifetimeSeconds, tcp.LifetimeSeconds)));
    }

    private async Task<NatPmpMappingResponse> MapAsync(NatPmpProtocol protocol, CancellationToken cancellationToken)
    {
        var reply = await client.MapAsync(protocol, internalPort: 1, suggestedExternalPort: 0, LifetimeSeconds, cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            throw new InvalidOperationException($"the NAT-PMP gateway refused the {protocol} mapping: {reply.Result}");
        }

        // A lifetime of 0 means the mapping was deleted, and port 0 that there is none (RFC 6886 section 3.3).
        if (reply.LifetimeSeconds == 0 || reply.ExternalPort == 0)
        {
            throw new InvalidOperationException($"the NAT-PMP gateway granted no {protocol} mapping (port {reply.ExternalPort}, lifetime {reply.LifetimeSeconds} s)");
        }

        return reply;
    }
}
