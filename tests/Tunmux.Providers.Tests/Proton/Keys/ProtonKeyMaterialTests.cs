using System.Text.Json;
using Tunmux.Core.Model;
using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Proton.Keys;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Keys;

// Vector files: proton/ed25519_x25519_fingerprint_vector.txt, proton/pvac_vpn_secrets.json,
// proton/pvac_api_cert_response.json (the certificate Proton issued for that key).
public sealed class ProtonKeyMaterialTests
{
    private const string FingerprintVector = "proton/ed25519_x25519_fingerprint_vector.txt";

    private static ProtonKeyMaterial FromSecretsFile()
    {
        var secrets = VectorFile.Json("proton/pvac_vpn_secrets.json");
        return ProtonKeyMaterial.FromEd25519Seed(new Secret(secrets.GetProperty("ed25519_privatekey").GetString()!));
    }

    [Fact]
    public void The_WireGuard_key_pair_derived_from_the_Ed25519_key_matches_the_vector()
    {
        var vector = VectorFile.KeyValues(FingerprintVector);

        var keys = FromSecretsFile();

        keys.Ed25519PublicKey.Should().Be(vector["ed25519_pk_b64"]);
        keys.WireGuard.PrivateKey.Reveal().Should().Be(vector["x25519_sk_b64"]);
        keys.WireGuard.PublicKey.Should().Be(vector["x25519_pk_b64"]);
        keys.Fingerprint.Should().Be(vector["fingerprint"]);
    }

    [Fact]
    public void The_fingerprint_and_public_key_PEM_equal_what_the_Proton_API_returned_for_this_key()
    {
        var certificate = ProtonJson.ParseCertificate(VectorFile.Read("proton/pvac_api_cert_response.json"));

        var keys = FromSecretsFile();

        keys.Fingerprint.Should().Be(certificate.ClientKeyFingerprint);
        keys.Ed25519PublicKeyPem.Should().Be(certificate.ClientKey);
    }

    [Fact]
    public void The_X25519_public_key_of_the_Ed25519_public_key_equals_the_one_from_the_private_key()
    {
        var keys = ProtonKeyMaterial.Generate();

        Convert.ToBase64String(ProtonKeyMaterial.WireGuardPublicKeyOf(Convert.FromBase64String(keys.Ed25519PublicKey)))
            .Should().Be(keys.WireGuard.PublicKey);
        ProtonKeyMaterial.FromEd25519Seed(keys.Ed25519PrivateKey).Fingerprint.Should().Be(keys.Fingerprint);
    }

    [Fact]
    public void The_Ed25519_PEM_reads_back_to_the_same_public_key()
    {
        var keys = FromSecretsFile();

        Convert.ToBase64String(Ed25519Pem.ToPublicKey(keys.Ed25519PublicKeyPem)).Should().Be(keys.Ed25519PublicKey);
    }

    [Fact]
    public void A_PEM_that_is_not_an_Ed25519_public_key_is_rejected()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(1024);

        var act = () => Ed25519Pem.ToPublicKey(rsa.ExportSubjectPublicKeyInfoPem());

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Printing_the_keys_shows_no_private_key()
    {
        var keys = FromSecretsFile();

        keys.ToString().Should().NotContain(keys.Ed25519PrivateKey.Reveal()).And.NotContain(keys.WireGuard.PrivateKey.Reveal());
        keys.WireGuard.ToString().Should().NotContain(keys.WireGuard.PrivateKey.Reveal());
    }

    [Fact]
    public void The_certificate_expiry_is_read_from_the_PEM_and_agrees_with_the_API_expiration_time()
    {
        var certificate = ProtonJson.ParseCertificate(VectorFile.Read("proton/pvac_api_cert_response.json"));

        var notAfter = ProtonCertificate.NotAfter(certificate.Certificate);

        notAfter.Should().Be(DateTimeOffset.FromUnixTimeSeconds(certificate.ExpirationTime));
        ProtonCertificate.IsExpired(certificate.Certificate, notAfter.AddSeconds(-1)).Should().BeFalse();
        ProtonCertificate.IsExpired(certificate.Certificate, notAfter.AddSeconds(1)).Should().BeTrue();
    }

    [Fact]
    public void The_certificate_request_carries_the_PEM_and_the_default_duration()
    {
        var keys = FromSecretsFile();

        var body = ProtonJson.Serialize(new CertificateRequest { ClientPublicKey = keys.Ed25519PublicKeyPem });
        var withForwarding = ProtonJson.Serialize(new CertificateRequest
        {
            ClientPublicKey = keys.Ed25519PublicKeyPem,
            Features = new CertificateFeatures { PortForwarding = true },
        });

        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("ClientPublicKey").GetString().Should().Be(keys.Ed25519PublicKeyPem);
        json.GetProperty("Duration").GetString().Should().Be("10080 min");
        json.TryGetProperty("Features", out _).Should().BeFalse();
        JsonDocument.Parse(withForwarding).RootElement.GetProperty("Features").GetProperty("PortForwarding").GetBoolean().Should().BeTrue();
    }
}
