namespace Tunmux.Api.Schema;

/// <summary>Bounds and patterns shared by the validator and the generated JSON Schema.</summary>
public static class ManifestLimits
{
    /// <summary>Names become parts of namespace and interface names, which are short (15 bytes for links).</summary>
    public const int MaxNameLength = 32;

    /// <summary>A DNS-1123 label: lower-case letters, digits and inner dashes.</summary>
    public const string NamePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>Base64 of exactly 32 bytes: 43 characters, the last one carrying 4 bits, then one '='.</summary>
    public const string WireGuardKeyPattern = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$";

    /// <summary>IPv6 needs 1280; beyond 9000 no Ethernet jumbo frame carries it.</summary>
    public const int MinMtu = 1280;

    public const int MaxMtu = 9000;

    public const int MinKeepalive = 0;

    public const int MaxKeepalive = 65535;

    public const int MinProbeFailureThreshold = 1;

    public const int MaxProbeFailureThreshold = 100;

    public const int MaxLabelNameLength = 63;

    public const int MaxLabelPrefixLength = 253;

    public const int MaxLabelValueLength = 63;
}
