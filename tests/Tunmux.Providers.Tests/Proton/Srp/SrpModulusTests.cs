using System.Numerics;
using Tunmux.Providers.Proton.Srp;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Srp;

public sealed class SrpModulusTests
{
    private const string FullVector = "proton/srp_full_vector_gosrp.json";

    [Fact]
    public void The_go_srp_signed_modulus_is_accepted_and_equals_the_full_vector_modulus()
    {
        // Vector files: proton/gosrp_modulus_clearsign.txt, proton/srp_full_vector_gosrp.json.
        var modulus = SrpModulus.FromSignedMessage(ModulusVectors.GoSrpSignedModulus());

        modulus.LittleEndian.ToArray().Should().Equal(VectorFile.Base64(VectorFile.Json(FullVector), "modulus_le_b64"));
        modulus.Value.GetBitLength().Should().Be(2048);
    }

    [Fact]
    public void An_altered_modulus_is_rejected_by_its_signature()
    {
        // Vector file: proton/gosrp_modulus_clearsign.txt with one base64 character changed.
        var altered = ModulusVectors.GoSrpSignedModulus().Replace("W2z5HBi8", "W2z5HBi9", StringComparison.Ordinal);

        var act = () => SrpModulus.FromSignedMessage(altered);

        act.Should().Throw<SrpException>().WithMessage("*signature*");
    }

    [Fact]
    public void An_altered_signature_is_rejected()
    {
        // Vector file: proton/gosrp_modulus_clearsign.txt with the last byte of S flipped.
        var original = ModulusVectors.GoSrpSignedModulus();
        var signature = ModulusVectors.SignatureBytes(original);
        signature[^1] ^= 0x80;

        var act = () => SrpModulus.FromSignedMessage(ModulusVectors.WithSignature(original, signature));

        act.Should().Throw<SrpException>().WithMessage("*signature*");
    }

    [Fact]
    public void The_python_client_valid_instance_is_accepted_and_its_tampered_twin_rejected()
    {
        // Vector file: proton/pyclient_modulus_instances.py.txt.
        var instances = ModulusVectors.PyClientInstances();
        instances.Should().HaveCount(2);

        var valid = SrpModulus.FromSignedMessage(instances[0].Signed);
        valid.LittleEndian.ToArray().Should().Equal(Convert.FromBase64String(instances[0].Decoded!));

        instances[1].Decoded.Should().BeNull();
        var act = () => SrpModulus.FromSignedMessage(instances[1].Signed);
        act.Should().Throw<SrpException>();
    }

    [Fact]
    public void The_fake_modulus_tunmux_accepts_without_checking_is_rejected()
    {
        // Vector file: tunmux/proton_modulus_decode_fake.txt (the original tunmux strips the armour unchecked).
        var act = () => SrpModulus.FromSignedMessage(ModulusVectors.FakeSignedModulus());

        act.Should().Throw<SrpException>();
    }

    [Fact]
    public void A_modulus_that_is_not_a_safe_prime_is_rejected()
    {
        var n = ValidN() + 8; // still 2048 bits and 3 mod 8

        var act = () => SrpModulus.FromLittleEndian(SrpInteger.ToLittleEndian(n));

        act.Should().Throw<SrpException>().WithMessage("*safe prime*");
    }

    [Fact]
    public void A_modulus_that_is_not_3_mod_8_is_rejected()
    {
        var act = () => SrpModulus.FromLittleEndian(SrpInteger.ToLittleEndian(ValidN() + 2));

        act.Should().Throw<SrpException>().WithMessage("*3 mod 8*");
    }

    [Fact]
    public void A_modulus_shorter_than_2048_bits_is_rejected()
    {
        var n = ValidN() - (BigInteger.One << 2047);

        var act = () => SrpModulus.FromLittleEndian(SrpInteger.ToLittleEndian(n));

        act.Should().Throw<SrpException>().WithMessage("*bits*");
    }

    [Fact]
    public void A_modulus_of_the_wrong_byte_length_is_rejected()
    {
        var act = () => SrpModulus.FromLittleEndian(new byte[255]);

        act.Should().Throw<SrpException>();
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(11, true)]
    [InlineData(23, true)]
    [InlineData(13, false)]
    [InlineData(29, false)]
    [InlineData(15, false)]
    public void Small_safe_primes_are_recognised(int n, bool expected)
    {
        SafePrime.IsSafePrime(n).Should().Be(expected);
    }

    [Fact]
    public void Ephemerals_must_lie_strictly_between_1_and_N_minus_1()
    {
        var modulus = SrpModulus.FromSignedMessage(ModulusVectors.GoSrpSignedModulus());

        modulus.IsValidEphemeral(BigInteger.One).Should().BeFalse();
        modulus.IsValidEphemeral(2).Should().BeTrue();
        modulus.IsValidEphemeral(modulus.Value - 2).Should().BeTrue();
        modulus.IsValidEphemeral(modulus.Value - 1).Should().BeFalse();
    }

    private static BigInteger ValidN() => SrpInteger.FromLittleEndian(VectorFile.Base64(VectorFile.Json(FullVector), "modulus_le_b64"));
}
