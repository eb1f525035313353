namespace Tunmux.Providers.OpenPgp;

/// <summary>One OpenPGP packet: its tag and body (RFC 4880 section 4).</summary>
public sealed record Packet(int Tag, ReadOnlyMemory<byte> Body)
{
    public const int SignatureTag = 2;
    public const int PublicKeyTag = 6;
}
