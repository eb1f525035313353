using System.Net;

namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>A decoded NAT-PMP external address reply.</summary>
public sealed record NatPmpExternalAddressResponse(NatPmpResultCode Result, uint SecondsSinceEpoch, IPAddress ExternalAddress)
{
    public bool IsSuccess => Result == NatPmpResultCode.Success;
}
