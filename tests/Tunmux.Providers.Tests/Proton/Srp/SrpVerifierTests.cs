using System.Text;
using System.Text.Json;
using Tunmux.Providers.Proton.Srp;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Proton.Srp;

// Vector file: proton/srp_verifier_vectors_pyclient.json (proton-python-client srp_instances).
public sealed class SrpVerifierTests
{
    private const string File = "proton/srp_verifier_vectors_pyclient.json";

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        var count = VectorFile.Json(File).GetProperty("vectors").GetArrayLength();
        for (var i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_vector_file_holds_eleven_cases()
    {
        VectorFile.Json(File).GetProperty("vectors").GetArrayLength().Should().Be(11);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_bcrypt_output_hashed_password_and_verifier_match(int index)
    {
        var v = Case(index);
        var password = Encoding.UTF8.GetBytes(VectorFile.String(v, "password"));
        var salt = VectorFile.String(v, "salt_b64");
        var modulus = Convert.FromHexString(VectorFile.String(v, "modulus_le_hex"));

        ProtonPasswordHasher.BcryptPassword(password, salt).Should().Be(VectorFile.String(v, "bcrypt_output"));
        ProtonPasswordHasher.HashPassword(4, password, salt, modulus).Should().Equal(VectorFile.Base64(v, "hashed_password_x_le_b64"));
        ProtonPasswordHasher.ComputeVerifier(4, password, salt, modulus).Should().Equal(VectorFile.Base64(v, "verifier_le_b64"));
    }

    private static JsonElement Case(int index) => VectorFile.Json(File).GetProperty("vectors")[index];
}
