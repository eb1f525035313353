using System.Text.Json.Serialization;
using Tunmux.Core.Model;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Keys;

namespace Tunmux.Providers.Proton.Sessions;

/// <summary>
/// A complete Proton login as stored (mode 0600): API tokens, the VPN plan, the Ed25519 key the
/// WireGuard key derives from, and the certificate binding that key to the account. Only ever
/// written whole, after every step of a login or renewal succeeded.
/// </summary>
public sealed record ProtonSession
{
    public required string Username { get; init; }

    [JsonPropertyName("UID")]
    public required string Uid { get; init; }

    public required Secret AccessToken { get; init; }

    public required Secret RefreshToken { get; init; }

    public string VpnUsername { get; init; } = "";

    public Secret? VpnPassword { get; init; }

    public string PlanName { get; init; } = "";

    public string PlanTitle { get; init; } = "";

    /// <summary>The highest server tier the plan may use (0 free, 2 Plus, 3 visionary).</summary>
    public int MaxTier { get; init; }

    public int MaxConnect { get; init; }

    /// <summary>The 32-byte Ed25519 seed, base64.</summary>
    public required Secret Ed25519PrivateKey { get; init; }

    /// <summary>The WireGuard public key derived from the Ed25519 key (shown by `proton info`).</summary>
    public string WireGuardPublicKey { get; init; } = "";

    /// <summary>base64(SHA-512(WireGuard public key)), as the API reports it.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>The certificate PEM from /vpn/v1/certificate.</summary>
    public required string Certificate { get; init; }

    public DateTimeOffset CertificateExpires { get; init; }

    /// <summary>When Proton suggests asking for a new certificate.</summary>
    public DateTimeOffset CertificateRefresh { get; init; }

    /// <summary>Whether the certificate carries the port-forwarding feature.</summary>
    public bool CertificatePortForwarding { get; init; }

    public DateTimeOffset LoggedInAt { get; init; }

    [JsonIgnore]
    public ProtonTokens Tokens => new(Uid, AccessToken, RefreshToken);

    public ProtonKeyMaterial Keys() => ProtonKeyMaterial.FromEd25519Seed(Ed25519PrivateKey);

    public ProtonSession WithTokens(ProtonTokens tokens) =>
        this with { Uid = tokens.Uid, AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken };

    /// <summary>Whether the certificate should be replaced now: past Proton's refresh time, or within <paramref name="margin"/> of expiry.</summary>
    public bool CertificateNeedsRenewal(DateTimeOffset now, TimeSpan margin) =>
        now >= CertificateExpires - margin || (CertificateRefresh > DateTimeOffset.UnixEpoch && now >= CertificateRefresh);

    public override string ToString() => $"Proton session of {Username}";
}
