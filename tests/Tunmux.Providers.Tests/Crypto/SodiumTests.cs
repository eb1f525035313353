using Tunmux.Crypto;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Crypto;

public sealed class SodiumTests
{
    // Vector file: proton/ed25519_x25519_fingerprint_vector.txt
    private const string FingerprintVector = "proton/ed25519_x25519_fingerprint_vector.txt";

    [Fact]
    public void Ed25519_public_key_from_the_Proton_seed_matches_the_vector()
    {
        var vector = VectorFile.KeyValues(FingerprintVector);

        var pair = Sodium.Ed25519KeyPairFromSeed(Convert.FromBase64String(vector["ed25519_sk_b64"]));

        Convert.ToBase64String(pair.PublicKey).Should().Be(vector["ed25519_pk_b64"]);
        pair.Seed.ToArray().Should().Equal(Convert.FromBase64String(vector["ed25519_sk_b64"]));
    }

    [Fact]
    public void Ed25519_secret_key_converts_to_the_vector_X25519_private_key()
    {
        var vector = VectorFile.KeyValues(FingerprintVector);
        var pair = Sodium.Ed25519KeyPairFromSeed(Convert.FromBase64String(vector["ed25519_sk_b64"]));

        var curve = Sodium.Ed25519SecretKeyToCurve25519(pair.SecretKey);

        Convert.ToBase64String(curve).Should().Be(vector["x25519_sk_b64"]);
    }

    [Fact]
    public void Ed25519_public_key_converts_to_the_vector_X25519_public_key()
    {
        var vector = VectorFile.KeyValues(FingerprintVector);

        var curve = Sodium.Ed25519PublicKeyToCurve25519(Convert.FromBase64String(vector["ed25519_pk_b64"]));

        Convert.ToBase64String(curve).Should().Be(vector["x25519_pk_b64"]);
    }

    [Fact]
    public void X25519_base_point_multiplication_of_the_vector_private_key_gives_its_public_key()
    {
        var vector = VectorFile.KeyValues(FingerprintVector);

        var publicKey = Sodium.X25519PublicKey(Convert.FromBase64String(vector["x25519_sk_b64"]));

        Convert.ToBase64String(publicKey).Should().Be(vector["x25519_pk_b64"]);
    }

    [Fact]
    public void X25519_base_point_multiplication_matches_RFC_7748_section_6_1()
    {
        // Vector: RFC 7748 section 6.1 (Alice's key pair).
        var publicKey = Sodium.X25519PublicKey(Hex.Bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));

        Convert.ToHexStringLower(publicKey).Should().Be("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    }

    [Fact]
    public void Ed25519_signature_matches_RFC_8032_test_1()
    {
        // Vector: RFC 8032 section 7.1, TEST 1 (empty message).
        var pair = Sodium.Ed25519KeyPairFromSeed(Hex.Bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

        var signature = pair.Sign([]);

        Convert.ToHexStringLower(pair.PublicKey).Should().Be("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Convert.ToHexStringLower(signature).Should().Be(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Sodium.VerifyDetached(signature, [], pair.PublicKey).Should().BeTrue();
    }

    [Fact]
    public void A_signature_does_not_verify_for_another_message_or_key()
    {
        var pair = Sodium.GenerateEd25519KeyPair();
        var other = Sodium.GenerateEd25519KeyPair();
        var message = "modulus"u8.ToArray();
        var signature = pair.Sign(message);

        Sodium.VerifyDetached(signature, message, pair.PublicKey).Should().BeTrue();
        Sodium.VerifyDetached(signature, "modulut"u8.ToArray(), pair.PublicKey).Should().BeFalse();
        Sodium.VerifyDetached(signature, message, other.PublicKey).Should().BeFalse();
        Sodium.VerifyDetached(signature.AsSpan(0, 63), message, pair.PublicKey).Should().BeFalse();
    }

    [Fact]
    public void Generated_WireGuard_keys_are_clamped_and_their_public_key_is_derived_from_the_private_key()
    {
        var first = Sodium.GenerateWireGuardKeyPair();
        var second = Sodium.GenerateWireGuardKeyPair();

        var privateKey = Convert.FromBase64String(first.PrivateKey.Reveal());
        privateKey.Should().HaveCount(32);
        (privateKey[0] & 7).Should().Be(0);
        (privateKey[31] & 0xC0).Should().Be(0x40);
        Convert.ToBase64String(Sodium.X25519PublicKey(privateKey)).Should().Be(first.PublicKey);
        second.PublicKey.Should().NotBe(first.PublicKey);
        first.ToString().Should().NotContain(first.PrivateKey.Reveal());
    }

    [Fact]
    public void An_Ed25519_key_pair_never_prints_its_secret()
    {
        var pair = Sodium.GenerateEd25519KeyPair();

        pair.ToString().Should().Contain(Convert.ToBase64String(pair.PublicKey))
            .And.NotContain(Convert.ToBase64String(pair.Seed.ToArray()));
    }

    [Fact]
    public void Wrong_key_lengths_are_rejected()
    {
        var act = () => Sodium.Ed25519KeyPairFromSeed(new byte[31]);

        act.Should().Throw<ArgumentException>();
    }
}
