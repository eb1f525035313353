using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Keys;

namespace Tunmux.Providers.Proton.Sessions;

/// <summary>Asks /vpn/v1/certificate to certify a key, and checks the answer is for that key.</summary>
public static class ProtonCertificates
{
    public static async Task<IssuedCertificate> RequestAsync(ProtonClient client, ProtonKeyMaterial keys, bool portForwarding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keys);
        var response = await client.CertificateAsync(
            new CertificateRequest
            {
                ClientPublicKey = keys.Ed25519PublicKeyPem,
                Features = portForwarding ? new CertificateFeatures { PortForwarding = true } : null,
            },
            cancellationToken).ConfigureAwait(false);

        if (response.ClientKeyFingerprint != keys.Fingerprint)
        {
            throw new ProtonException(ProtonProblem.Malformed, "the Proton API certified a different key than the one tunmux sent; nothing was stored");
        }

        if (string.IsNullOrWhiteSpace(response.Certificate) || response.ExpirationTime <= 0)
        {
            throw new ProtonException(ProtonProblem.Malformed, "the Proton API's certificate reply has no certificate or no expiration time");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(response.ExpirationTime);
        if (TryNotAfter(response.Certificate) is { } notAfter && notAfter < expires)
        {
            expires = notAfter;
        }

        var refresh = response.RefreshTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(response.RefreshTime) : DateTimeOffset.UnixEpoch;
        return new IssuedCertificate(response.Certificate, expires, refresh, portForwarding);
    }

    private static DateTimeOffset? TryNotAfter(string pem)
    {
        try
        {
            return ProtonCertificate.NotAfter(pem);
        }
        catch (FormatException)
        {
            // Not every certificate Proton hands out is readable as X.509 here; ExpirationTime is then the truth.
            return null;
        }
    }
}
