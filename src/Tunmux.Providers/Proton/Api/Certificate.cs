using System.Text.Json.Serialization;

namespace Tunmux.Providers.Proton.Api;

/// <summary>`POST /vpn/v1/certificate` body: the Ed25519 public key as SPKI PEM.</summary>
public sealed record CertificateRequest
{
    public const string DefaultDuration = "10080 min";

    public required string ClientPublicKey { get; init; }

    public string Duration { get; init; } = DefaultDuration;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CertificateFeatures? Features { get; init; }
}

public sealed record CertificateFeatures
{
    public bool PortForwarding { get; init; }
}

/// <summary>`POST /vpn/v1/certificate` reply.</summary>
public sealed record CertificateResponse : ProtonApiResponse
{
    public string SerialNumber { get; init; } = "";

    /// <summary>base64(SHA-512(X25519 public key)); must equal our own derived fingerprint.</summary>
    public string ClientKeyFingerprint { get; init; } = "";

    public string ClientKey { get; init; } = "";

    public string Certificate { get; init; } = "";

    public long ExpirationTime { get; init; }

    public long RefreshTime { get; init; }

    public string? Mode { get; init; }

    public string? DeviceName { get; init; }

    public string? ServerPublicKeyMode { get; init; }

    public string? ServerPublicKey { get; init; }
}
