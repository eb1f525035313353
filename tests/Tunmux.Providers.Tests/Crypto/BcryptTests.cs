using System.Text;
using Tunmux.Providers.Crypto;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Crypto;

public sealed class BcryptTests
{
    // Vector file: proton/gosrp_bcrypt_vectors.txt (go-srp hash_test.go, password "test!!!").
    public static TheoryData<string, string> GoSrpVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var (salt, hash) in VectorFile.Arrows("proton/gosrp_bcrypt_vectors.txt"))
        {
            data.Add(salt, hash);
        }

        return data;
    }

    [Fact]
    public void The_go_srp_vector_file_holds_ten_cases()
    {
        VectorFile.Arrows("proton/gosrp_bcrypt_vectors.txt").Should().HaveCount(10);
    }

    [Theory]
    [MemberData(nameof(GoSrpVectors))]
    public void Libcrypt_bcrypt_reproduces_the_go_srp_vector(string encodedSalt, string expected)
    {
        var hash = Bcrypt.Hash(Encoding.UTF8.GetBytes("test!!!"), "$2y$10$" + encodedSalt);

        hash.Should().Be(expected);
    }

    [Fact]
    public void Raw_salt_bytes_are_encoded_in_the_bcrypt_alphabet()
    {
        // Vector file: proton/srp_full_vector_gosrp.json (salt ‖ "proton" -> bcrypt_salt22, then bcrypt_output).
        var vector = VectorFile.Json("proton/srp_full_vector_gosrp.json");
        var salt16 = VectorFile.Base64(vector, "salt_b64").Concat("proton"u8.ToArray()).ToArray();

        BcryptBase64.Encode(salt16).Should().Be(VectorFile.String(vector, "bcrypt_salt22"));
        Bcrypt.Hash(Encoding.UTF8.GetBytes(VectorFile.String(vector, "password")), 10, salt16)
            .Should().Be(VectorFile.String(vector, "bcrypt_output"));
    }

    [Fact]
    public void Passwords_longer_than_72_bytes_hash_like_their_first_72_bytes()
    {
        var setting = "$2y$04$" + BcryptBase64.Encode(new byte[16]);
        var first72 = Enumerable.Repeat((byte)'a', 72).ToArray();
        var longer = first72.Concat(Enumerable.Repeat((byte)'b', 600)).ToArray();

        Bcrypt.Hash(longer, setting).Should().Be(Bcrypt.Hash(first72, setting));
    }

    [Fact]
    public void Settings_other_than_2y_are_refused()
    {
        var act = () => Bcrypt.Hash("x"u8, "$6$saltsalt$");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_malformed_salt_is_rejected()
    {
        var act = () => Bcrypt.Hash("x"u8, "$2y$10$short");

        act.Should().Throw<System.Security.Cryptography.CryptographicException>().WithMessage("*rejected*");
    }
}
