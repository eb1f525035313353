using System.Numerics;
using System.Text;
using System.Text.Json;
using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Proton.Srp;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Srp;

// Vector file: proton/srp_full_vector_gosrp.json (go-srp TestSRPauth, version 4).
public sealed class SrpClientTests
{
    private const string FullVector = "proton/srp_full_vector_gosrp.json";

    private static readonly JsonElement V = VectorFile.Json(FullVector);

    private static SrpModulus Modulus => SrpModulus.FromLittleEndian(VectorFile.Base64(V, "modulus_le_b64"));

    private static byte[] Password => Encoding.UTF8.GetBytes(VectorFile.String(V, "password"));

    private static BigInteger ClientSecret => SrpInteger.FromLittleEndian(VectorFile.Base64(V, "client_secret_a_le_b64"));

    [Fact]
    public void The_multiplier_k_matches_the_vector()
    {
        SrpInteger.ToLittleEndian(Modulus.Multiplier).Should().Equal(VectorFile.Base64(V, "multiplier_k_le_b64"));
    }

    [Fact]
    public void The_bcrypt_step_and_hashed_password_match_the_vector()
    {
        var salt = VectorFile.String(V, "salt_b64");

        ProtonPasswordHasher.BcryptPassword(Password, salt).Should().Be(VectorFile.String(V, "bcrypt_output"));
        ProtonPasswordHasher.HashPassword(4, Password, salt, VectorFile.Base64(V, "modulus_le_b64"))
            .Should().Equal(VectorFile.Base64(V, "hashed_password_x_le_b64"));
    }

    [Fact]
    public void Every_intermediate_value_of_the_exchange_matches_the_vector()
    {
        var n = Modulus.Value;
        var a = ClientSecret;
        var clientEphemeral = SrpInteger.ToLittleEndian(BigInteger.ModPow(2, a, n));
        var serverEphemeral = VectorFile.Base64(V, "server_ephemeral_le_b64");
        var u = SrpMath.Scramble(clientEphemeral, serverEphemeral);
        var x = SrpInteger.FromLittleEndian(VectorFile.Base64(V, "hashed_password_x_le_b64"));
        var s = SrpInteger.ToLittleEndian(SrpMath.ClientSharedSecret(n, Modulus.Multiplier, SrpInteger.FromLittleEndian(serverEphemeral), x, u, a));
        var m1 = SrpMath.ClientProof(clientEphemeral, serverEphemeral, s);

        clientEphemeral.Should().Equal(VectorFile.Base64(V, "client_ephemeral_A_le_b64"));
        SrpInteger.ToLittleEndian(u).Should().Equal(VectorFile.Base64(V, "scramble_u_le_b64"));
        s.Should().Equal(VectorFile.Base64(V, "shared_secret_S_le_b64"));
        m1.Should().Equal(VectorFile.Base64(V, "client_proof_M1_b64"));
        SrpMath.ServerProof(clientEphemeral, m1, s).Should().Equal(VectorFile.Base64(V, "expected_server_proof_M2_b64"));
    }

    [Fact]
    public void The_client_reproduces_the_go_srp_client_and_server_proofs()
    {
        var x = ProtonPasswordHasher.HashPassword(4, Password, VectorFile.String(V, "salt_b64"), Modulus.LittleEndian);

        var proofs = SrpClient.GenerateProofs(Modulus, x, VectorFile.Base64(V, "server_ephemeral_le_b64"), new FixedSecretSource(ClientSecret));

        proofs.ClientEphemeral.Should().Equal(VectorFile.Base64(V, "client_ephemeral_A_le_b64"));
        proofs.ClientProofBase64.Should().Be(VectorFile.String(V, "client_proof_M1_b64"));
        proofs.ExpectedServerProof.Should().Equal(VectorFile.Base64(V, "expected_server_proof_M2_b64"));
        proofs.IsServerProofValid(VectorFile.String(V, "expected_server_proof_M2_b64")).Should().BeTrue();
    }

    [Fact]
    public void A_different_server_proof_is_not_accepted()
    {
        var x = VectorFile.Base64(V, "hashed_password_x_le_b64");
        var proofs = SrpClient.GenerateProofs(Modulus, x, VectorFile.Base64(V, "server_ephemeral_le_b64"), new FixedSecretSource(ClientSecret));
        var wrong = VectorFile.Base64(V, "expected_server_proof_M2_b64");
        wrong[0] ^= 1;

        proofs.IsServerProofValid(wrong).Should().BeFalse();
        proofs.IsServerProofValid(Convert.ToBase64String(wrong)).Should().BeFalse();
        proofs.IsServerProofValid("not base64!").Should().BeFalse();
    }

    [Fact]
    public void The_whole_login_computation_from_an_auth_info_reply_reproduces_the_vector()
    {
        // Vector files: proton/srp_full_vector_gosrp.json and proton/gosrp_modulus_clearsign.txt (same modulus, signed).
        var reply = JsonSerializer.Serialize(new
        {
            Code = 1000,
            Version = 4,
            Modulus = ModulusVectors.GoSrpSignedModulus(),
            ServerEphemeral = VectorFile.String(V, "server_ephemeral_le_b64"),
            Salt = VectorFile.String(V, "salt_b64"),
            SRPSession = "session-id",
        });
        var info = ProtonJson.ParseAuthInfo(reply);

        var proofs = ProtonSrp.ComputeClientProofs(info, Password, new FixedSecretSource(ClientSecret));

        info.SrpSession.Should().Be("session-id");
        proofs.ClientEphemeralBase64.Should().Be(VectorFile.String(V, "client_ephemeral_A_le_b64"));
        proofs.ClientProofBase64.Should().Be(VectorFile.String(V, "client_proof_M1_b64"));
        proofs.IsServerProofValid(VectorFile.String(V, "expected_server_proof_M2_b64")).Should().BeTrue();
    }

    [Fact]
    public void Secrets_at_or_below_4096_are_drawn_again()
    {
        var source = new FixedSecretSource(3, 4096, ClientSecret);
        var x = VectorFile.Base64(V, "hashed_password_x_le_b64");

        var proofs = SrpClient.GenerateProofs(Modulus, x, VectorFile.Base64(V, "server_ephemeral_le_b64"), source);

        source.Draws.Should().Be(3);
        proofs.ClientEphemeral.Should().Equal(VectorFile.Base64(V, "client_ephemeral_A_le_b64"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)] // N - 1
    public void A_server_ephemeral_outside_1_to_N_minus_1_is_refused(int which)
    {
        var b = which >= 0 ? new BigInteger(which) : Modulus.Value - 1;
        var x = VectorFile.Base64(V, "hashed_password_x_le_b64");

        var act = () => SrpClient.GenerateProofs(Modulus, x, SrpInteger.ToLittleEndian(b), new FixedSecretSource(ClientSecret));

        act.Should().Throw<SrpException>().WithMessage("*out of range*");
    }

    [Fact]
    public void Auth_versions_other_than_3_and_4_are_refused()
    {
        var act = () => ProtonPasswordHasher.HashPassword(2, Password, VectorFile.String(V, "salt_b64"), Modulus.LittleEndian);

        act.Should().Throw<SrpException>().WithMessage("*version 2*");
    }

    [Fact]
    public void Version_3_hashes_exactly_like_version_4()
    {
        var salt = VectorFile.String(V, "salt_b64");

        ProtonPasswordHasher.HashPassword(3, Password, salt, Modulus.LittleEndian)
            .Should().Equal(ProtonPasswordHasher.HashPassword(4, Password, salt, Modulus.LittleEndian));
    }

    [Fact]
    public void An_empty_password_is_refused()
    {
        // As the python client's 'Test1' instance (srp_verifier_vectors_pyclient.json _note): empty password raises.
        var act = () => ProtonPasswordHasher.HashPassword(4, [], VectorFile.String(V, "salt_b64"), Modulus.LittleEndian);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ExpandHash_is_four_SHA512_blocks_over_the_input_and_a_counter()
    {
        var data = "abc"u8.ToArray();

        var expanded = ExpandHash.Compute(data);

        expanded.Should().HaveCount(256);
        for (byte i = 0; i < 4; i++)
        {
            expanded.AsSpan(i * 64, 64).ToArray().Should().Equal(System.Security.Cryptography.SHA512.HashData([.. data, i]));
        }
    }
}
