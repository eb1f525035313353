using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Tunmux.Providers.Proton.Srp;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Srp;

// Vector file: proton/gosrp_modulus_clearsign.txt (go-srp testModulusClearSign and modulusPubkey),
// verified through BouncyCastle's OpenPGP.
public sealed class ModulusSignatureTests
{
    [Fact]
    public void The_pinned_modulus_key_is_the_go_srp_key_and_is_Ed25519()
    {
        var fromVector = ProtonModulusKey.FromArmoredKeyBlock(ModulusVectors.GoSrpModulusKey());

        ProtonModulusKey.Key.GetFingerprint().Should().Equal(fromVector.GetFingerprint());
        ProtonModulusKey.Key.KeyId.Should().Be(fromVector.KeyId);
        ((int)ProtonModulusKey.Key.Algorithm).Should().Be(22, "EdDSA (legacy) is OpenPGP public-key algorithm 22");
    }

    [Fact]
    public void The_go_srp_signed_modulus_verifies_and_yields_its_text()
    {
        var text = ModulusSignature.Verify(ModulusVectors.GoSrpSignedModulus(), ProtonModulusKey.Key);

        // Vector file: proton/srp_full_vector_gosrp.json holds the same modulus.
        text.Should().Be(VectorFile.String(VectorFile.Json("proton/srp_full_vector_gosrp.json"), "modulus_le_b64"));
    }

    [Fact]
    public void The_same_signature_still_verifies_when_re_armored_without_a_checksum()
    {
        // Control for the tampering tests below: re-armoring alone must not break verification.
        var original = ModulusVectors.GoSrpSignedModulus();

        var rearmored = ModulusVectors.WithSignature(original, ModulusVectors.SignatureBytes(original));

        ModulusSignature.Verify(rearmored, ProtonModulusKey.Key).Should().StartWith("W2z5");
    }

    [Theory]
    [InlineData(40)] // inside R
    [InlineData(93)] // last byte of S
    [InlineData(10)] // creation time in the hashed subpackets
    // (The two quick-check bytes are left out: they are not covered by the signature, and BouncyCastle,
    // like GnuPG, does not reject on them; a changed quick check changes nothing that was signed.)
    public void A_signature_with_one_altered_byte_is_rejected(int offset)
    {
        var original = ModulusVectors.GoSrpSignedModulus();
        var signature = ModulusVectors.SignatureBytes(original);
        signature[offset] ^= 0x01;

        var act = () => ModulusSignature.Verify(ModulusVectors.WithSignature(original, signature), ProtonModulusKey.Key);

        act.Should().Throw<SrpException>().WithMessage("*signature*");
    }

    [Fact]
    public void An_altered_message_text_is_rejected()
    {
        var altered = ModulusVectors.GoSrpSignedModulus().Replace("W2z5HBi8", "W2z5HBi9", StringComparison.Ordinal);

        var act = () => ModulusSignature.Verify(altered, ProtonModulusKey.Key);

        act.Should().Throw<SrpException>().WithMessage("*does not verify*");
    }

    [Fact]
    public void A_wrong_armor_checksum_is_rejected()
    {
        var altered = ModulusVectors.GoSrpSignedModulus().Replace("=q6vu", "=q6vv", StringComparison.Ordinal);

        var act = () => ModulusSignature.Verify(altered, ProtonModulusKey.Key);

        act.Should().Throw<SrpException>();
    }

    [Fact]
    public void Two_signatures_are_refused_even_when_both_are_valid()
    {
        var original = ModulusVectors.GoSrpSignedModulus();
        var one = ModulusVectors.SignatureBytes(original);

        var act = () => ModulusSignature.Verify(ModulusVectors.WithSignature(original, [.. one, .. one]), ProtonModulusKey.Key);

        act.Should().Throw<SrpException>().WithMessage("*exactly one signature*");
    }

    [Fact]
    public void A_Hash_header_that_does_not_name_the_signature_hash_is_refused()
    {
        var altered = ModulusVectors.GoSrpSignedModulus().Replace("Hash: SHA256", "Hash: SHA512", StringComparison.Ordinal);

        var act = () => ModulusSignature.Verify(altered, ProtonModulusKey.Key);

        act.Should().Throw<SrpException>();
    }

    [Fact]
    public void A_signature_checked_against_another_key_is_rejected_as_issued_by_another_key()
    {
        var random = new SecureRandom();
        var other = new PgpPublicKey(ProtonModulusKey.Key.Algorithm, new Ed25519PrivateKeyParameters(random).GeneratePublicKey(), DateTime.UtcNow);

        var act = () => ModulusSignature.Verify(ModulusVectors.GoSrpSignedModulus(), other);

        act.Should().Throw<SrpException>().WithMessage("*another key*");
    }

    [Fact]
    public void Trailing_whitespace_is_left_out_of_the_canonical_text()
    {
        System.Text.Encoding.UTF8.GetString(ModulusSignature.CanonicalText("-dashed  \nplain\t")).Should().Be("-dashed\r\nplain");
    }
}
