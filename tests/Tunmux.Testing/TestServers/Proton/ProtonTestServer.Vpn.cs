using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tunmux.Providers.Proton.Keys;

namespace Tunmux.Testing.TestServers.Proton;

/// <summary>/vpn/*: the plan and certificates.</summary>
public sealed partial class ProtonTestServer
{
    private readonly List<(string Fingerprint, bool PortForwarding, DateTimeOffset Expires)> _certificates = [];
    private readonly List<string> _certifiedKeys = [];

    /// <summary>
    /// The WireGuard public keys of the clients certified so far, newest last: the keys Proton's
    /// servers accept, so a test that plays the VPN server adds them as peers.
    /// </summary>
    public IReadOnlyList<string> CertifiedWireGuardKeys
    {
        get
        {
            lock (_gate)
            {
                return [.. _certifiedKeys];
            }
        }
    }

    private static (HttpStatusCode, string) VpnSettings(TestSession session) => Ok(new JsonObject
    {
        ["VPN"] = new JsonObject
        {
            ["Name"] = $"vpn-{session.Account.Account.Username}",
            ["Password"] = "openvpn-password",
            ["PlanName"] = session.Account.Account.PlanName,
            ["PlanTitle"] = session.Account.Account.PlanName == "free" ? "Proton Free" : "VPN Plus",
            ["MaxTier"] = session.Account.Account.MaxTier,
            ["MaxConnect"] = 10,
            ["Status"] = 1,
        },
        ["Subscribed"] = 4,
    });

    private (HttpStatusCode, string) Certificate(TestSession session, JsonObject? request)
    {
        var pem = request?["ClientPublicKey"]?.GetValue<string>() ?? "";
        byte[] ed25519;
        byte[] spki;
        try
        {
            ed25519 = Ed25519Pem.ToPublicKey(pem);
            PemEncoding.TryFind(pem, out var fields);
            spki = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (FormatException)
        {
            return Error(HttpStatusCode.UnprocessableEntity, 2001, "ClientPublicKey is not an Ed25519 public key");
        }

        var lifetime = CertificateLifetime ?? ParseDuration(request?["Duration"]?.GetValue<string>());
        var now = _clock.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        var wireGuardKey = ProtonKeyMaterial.WireGuardPublicKeyOf(ed25519);
        var fingerprint = ProtonKeyMaterial.FingerprintOf(wireGuardKey);
        _certifiedKeys.Add(Convert.ToBase64String(wireGuardKey));
        var (certificate, serial) = _authority.Issue(spki, $"vpn-{session.Account.Account.Username}", now - TimeSpan.FromMinutes(1), expires);
        var portForwarding = request?["Features"]?["PortForwarding"]?.GetValue<bool>() == true;
        _certificates.Add((fingerprint, portForwarding, expires));
        return Ok(new JsonObject
        {
            ["SerialNumber"] = serial,
            ["ClientKeyFingerprint"] = fingerprint,
            ["ClientKey"] = pem,
            ["Certificate"] = certificate,
            ["ExpirationTime"] = expires.ToUnixTimeSeconds(),
            ["RefreshTime"] = (expires - (lifetime / 3)).ToUnixTimeSeconds(),
            ["Mode"] = "session",
        });
    }

    /// <summary>"10080 min" as the client sends it.</summary>
    private static TimeSpan ParseDuration(string? text) =>
        text is not null && text.EndsWith(" min", StringComparison.Ordinal) && int.TryParse(text[..^4], out var minutes)
            ? TimeSpan.FromMinutes(minutes)
            : TimeSpan.FromDays(1);
}
