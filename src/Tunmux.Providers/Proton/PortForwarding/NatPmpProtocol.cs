namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>The NAT-PMP mapping opcodes (RFC 6886 section 3.3).</summary>
public enum NatPmpProtocol : byte
{
    Udp = 1,
    Tcp = 2,
}
