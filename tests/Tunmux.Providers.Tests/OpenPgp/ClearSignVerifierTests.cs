using Tunmux.Providers.OpenPgp;
using Tunmux.Providers.Proton.Srp;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.OpenPgp;

// Vector file: proton/gosrp_modulus_clearsign.txt (go-srp testModulusClearSign and modulusPubkey).
public sealed class ClearSignVerifierTests
{
    [Fact]
    public void The_pinned_modulus_key_is_the_go_srp_key_and_is_Ed25519()
    {
        var fromVector = PgpPublicKey.FromArmoredKeyBlock(ModulusVectors.GoSrpModulusKey());

        ProtonModulusKey.Key.Fingerprint.Should().Equal(fromVector.Fingerprint);
        ProtonModulusKey.Key.Ed25519PublicKey.Should().Equal(fromVector.Ed25519PublicKey);
        ProtonModulusKey.Key.Algorithm.Should().Be(PgpPublicKey.EdDsaLegacyAlgorithm);
    }

    [Fact]
    public void The_modulus_signature_names_the_pinned_key_as_its_issuer()
    {
        var message = ClearSignedMessage.Parse(ModulusVectors.GoSrpSignedModulus());
        var signature = PgpSignature.FromPacketBody(PacketReader.ReadAll(message.SignatureData)[0].Body.Span);

        signature.IssuerKeyId.Should().Equal(ProtonModulusKey.Key.KeyId.ToArray());
        signature.SignatureType.Should().Be(PgpSignature.CanonicalTextSignatureType);
        signature.HashAlgorithm.Name.Should().Be("SHA256");
        message.HashHeaders.Should().Equal("SHA256");
    }

    [Fact]
    public void The_go_srp_signed_modulus_verifies_and_yields_its_text()
    {
        var message = ClearSignedMessage.Parse(ModulusVectors.GoSrpSignedModulus());

        var text = ClearSignVerifier.Verify(message, ProtonModulusKey.Key);

        // Vector file: proton/srp_full_vector_gosrp.json holds the same modulus.
        text.Should().Be(VectorFile.String(VectorFile.Json("proton/srp_full_vector_gosrp.json"), "modulus_le_b64"));
    }

    [Fact]
    public void The_same_signature_still_verifies_when_re_armored_without_a_checksum()
    {
        // Control for the tampering tests below: re-armoring alone must not break verification.
        var original = ModulusVectors.GoSrpSignedModulus();
        var signature = ClearSignedMessage.Parse(original).SignatureData;

        var rearmored = ModulusVectors.WithSignature(original, signature);

        ClearSignVerifier.Verify(ClearSignedMessage.Parse(rearmored), ProtonModulusKey.Key).Should().StartWith("W2z5");
    }

    [Theory]
    [InlineData(40)] // inside R
    [InlineData(93)] // last byte of S
    [InlineData(10)] // creation time in the hashed subpackets
    [InlineData(26)] // the quick-check bytes
    public void A_signature_with_one_altered_byte_is_rejected(int offset)
    {
        var original = ModulusVectors.GoSrpSignedModulus();
        var signature = ClearSignedMessage.Parse(original).SignatureData;
        signature[offset] ^= 0x01;

        var act = () => ClearSignVerifier.Verify(ClearSignedMessage.Parse(ModulusVectors.WithSignature(original, signature)), ProtonModulusKey.Key);

        act.Should().Throw<OpenPgpException>();
    }

    [Fact]
    public void An_altered_message_text_is_rejected()
    {
        var altered = ModulusVectors.GoSrpSignedModulus().Replace("W2z5HBi8", "W2z5HBi9", StringComparison.Ordinal);

        var act = () => ClearSignVerifier.Verify(ClearSignedMessage.Parse(altered), ProtonModulusKey.Key);

        act.Should().Throw<OpenPgpException>().WithMessage("*does not verify*");
    }

    [Fact]
    public void A_wrong_armor_checksum_is_rejected()
    {
        var altered = ModulusVectors.GoSrpSignedModulus().Replace("=q6vu", "=q6vv", StringComparison.Ordinal);

        var act = () => ClearSignedMessage.Parse(altered);

        act.Should().Throw<OpenPgpException>().WithMessage("*checksum*");
    }

    [Fact]
    public void Data_after_the_signature_is_rejected()
    {
        var act = () => ClearSignedMessage.Parse(ModulusVectors.GoSrpSignedModulus() + "trailing\n");

        act.Should().Throw<OpenPgpException>().WithMessage("*after its signature*");
    }

    [Fact]
    public void A_signature_checked_against_another_key_is_rejected()
    {
        var other = Tunmux.Core.Crypto.Sodium.GenerateEd25519KeyPair();
        byte[] body = [4, 0x5C, 0x01, 0xCB, 0x83, 22, 9, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01, 0x01, 0x07, 0x40, .. other.PublicKey];
        var otherKey = PgpPublicKey.FromPacketBody(body);

        var act = () => ClearSignVerifier.Verify(ClearSignedMessage.Parse(ModulusVectors.GoSrpSignedModulus()), otherKey);

        act.Should().Throw<OpenPgpException>();
    }

    [Fact]
    public void Dash_escaped_lines_and_trailing_whitespace_are_canonicalised_for_hashing()
    {
        var message = ClearSignedMessage.Parse(
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n- -dashed  \nplain\t\n-----BEGIN PGP SIGNATURE-----\n\nwA==\n-----END PGP SIGNATURE-----\n");

        message.Lines.Should().Equal("-dashed  ", "plain\t");
        System.Text.Encoding.UTF8.GetString(message.CanonicalText()).Should().Be("-dashed\r\nplain");
    }
}
