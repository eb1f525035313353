namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>A decoded NAT-PMP mapping reply.</summary>
public sealed record NatPmpMappingResponse(
    NatPmpProtocol Protocol,
    NatPmpResultCode Result,
    uint SecondsSinceEpoch,
    ushort InternalPort,
    ushort ExternalPort,
    uint LifetimeSeconds)
{
    public bool IsSuccess => Result == NatPmpResultCode.Success;
}
