using System.Numerics;
using System.Text;
using System.Text.Json;
using Tunmux.Providers.Proton.Srp;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Srp;

// Vector file: proton/srp_full_vector_gosrp.json (modulus, salt, password, client secret).
public sealed class SrpServerTests
{
    private static readonly JsonElement V = VectorFile.Json("proton/srp_full_vector_gosrp.json");

    private static SrpModulus Modulus => SrpModulus.FromLittleEndian(VectorFile.Base64(V, "modulus_le_b64"));

    private static byte[] Verifier(string password) =>
        ProtonPasswordHasher.ComputeVerifier(4, Encoding.UTF8.GetBytes(password), VectorFile.String(V, "salt_b64"), Modulus.LittleEndian);

    private static byte[] HashedPassword(string password) =>
        ProtonPasswordHasher.HashPassword(4, Encoding.UTF8.GetBytes(password), VectorFile.String(V, "salt_b64"), Modulus.LittleEndian);

    [Fact]
    public void A_client_with_the_right_password_is_accepted_and_both_sides_agree_on_the_server_proof()
    {
        var server = new SrpServer(Modulus, Verifier(VectorFile.String(V, "password")));
        var client = SrpClient.GenerateProofs(Modulus, HashedPassword(VectorFile.String(V, "password")), server.ServerEphemeral);

        var serverProof = server.VerifyClientProof(client.ClientEphemeral, client.ClientProof);

        serverProof.Should().NotBeNull();
        client.IsServerProofValid(serverProof!).Should().BeTrue();
    }

    [Fact]
    public void The_vector_client_secret_against_a_fixed_server_secret_gives_matching_proofs()
    {
        var a = SrpInteger.FromLittleEndian(VectorFile.Base64(V, "client_secret_a_le_b64"));
        var b = a + 12345;
        var server = new SrpServer(Modulus, Verifier(VectorFile.String(V, "password")), new FixedSecretSource(b));
        var client = SrpClient.GenerateProofs(Modulus, VectorFile.Base64(V, "hashed_password_x_le_b64"), server.ServerEphemeral, new FixedSecretSource(a));

        var expectedB = (Modulus.Multiplier * SrpInteger.FromLittleEndian(Verifier(VectorFile.String(V, "password")))
            + BigInteger.ModPow(2, b, Modulus.Value)) % Modulus.Value;

        server.ServerEphemeral.Should().Equal(SrpInteger.ToLittleEndian(expectedB));
        server.VerifyClientProof(client.ClientEphemeral, client.ClientProof).Should().Equal(client.ExpectedServerProof);
    }

    [Fact]
    public void A_client_with_the_wrong_password_is_refused()
    {
        var server = new SrpServer(Modulus, Verifier(VectorFile.String(V, "password")));
        var client = SrpClient.GenerateProofs(Modulus, HashedPassword("wrong password"), server.ServerEphemeral);

        server.VerifyClientProof(client.ClientEphemeral, client.ClientProof).Should().BeNull();
    }

    [Fact]
    public void An_altered_client_proof_is_refused()
    {
        var server = new SrpServer(Modulus, Verifier(VectorFile.String(V, "password")));
        var client = SrpClient.GenerateProofs(Modulus, HashedPassword(VectorFile.String(V, "password")), server.ServerEphemeral);
        var proof = client.ClientProof.ToArray();
        proof[17] ^= 0x04;

        server.VerifyClientProof(client.ClientEphemeral, proof).Should().BeNull();
    }

    [Fact]
    public void A_client_ephemeral_of_0_1_or_N_minus_1_is_refused()
    {
        var server = new SrpServer(Modulus, Verifier(VectorFile.String(V, "password")));
        var proof = new byte[256];

        foreach (var a in new[] { BigInteger.Zero, BigInteger.One, Modulus.Value - 1 })
        {
            server.VerifyClientProof(SrpInteger.ToLittleEndian(a), proof).Should().BeNull();
        }
    }
}
