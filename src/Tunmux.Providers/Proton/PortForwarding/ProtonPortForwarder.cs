using Tunmux.Core.PortForwarding;

namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>
/// One mapping round as Proton's own clients make it: UDP then TCP, internal port 1, no suggested
/// port, a 60-second lifetime. Both must succeed and agree on the public port. Renewing is asking
/// again; the port keeper decides when (<see cref="PortRenewalPolicy"/>). Releasing is asking with
/// a lifetime of 0.
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

    /// <summary>
    /// Deletes both mappings: the same requests with a lifetime of 0 and no suggested port (RFC 6886
    /// section 3.4), UDP and TCP at once so that one unanswered request does not use up the other's
    /// time. Throws when either is refused or unanswered.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var udp = ReleaseAsync(NatPmpProtocol.Udp, cancellationToken);
        var tcp = ReleaseAsync(NatPmpProtocol.Tcp, cancellationToken);
        try
        {
            await Task.WhenAll(udp, tcp).ConfigureAwait(false);
        }
        catch when (udp.IsFaulted || tcp.IsFaulted)
        {
            // WhenAll rethrows only the first; say what each protocol's request met.
            var problems = new[] { udp, tcp }.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!.Message);
            throw new InvalidOperationException(string.Join("; ", problems));
        }
    }

    private async Task ReleaseAsync(NatPmpProtocol protocol, CancellationToken cancellationToken)
    {
        var reply = await client.MapAsync(protocol, internalPort: 1, suggestedExternalPort: 0, lifetimeSeconds: 0, cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            throw new InvalidOperationException($"the NAT-PMP gateway refused to delete the {protocol} mapping: {reply.Result}");
        }
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
