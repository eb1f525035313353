using System.Security.Cryptography;
using System.Text;
using Tunmux.Core.Model;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.AirVpn;

// Vector file: airvpn/fetch_encoding_example.txt (fixed key = bytes 0..31, iv = bytes 0..15).
public sealed class AirVpnRequestEncoderTests
{
    private static readonly AirVpnSessionKey FixedKey = new(
        Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
        Enumerable.Range(0, 16).Select(i => (byte)i).ToArray());

    private static AirVpnRequest ExampleUserRequest() =>
        AirVpnRequests.User("testuser", new Secret("secret"), AirVpnClientIdentity.ForArchitecture(System.Runtime.InteropServices.Architecture.X64));

    [Fact]
    public void The_session_key_plaintext_is_the_assoc_of_key_and_iv()
    {
        Encoding.UTF8.GetString(AirVpnRequestEncoder.SessionKeyPlaintext(FixedKey)).Should().Be(AirVpnVectors.SessionKeyPlaintext());
    }

    [Fact]
    public void The_user_request_parameters_encode_to_the_example_assoc_lines()
    {
        Encoding.UTF8.GetString(AirVpnAssoc.Encode(ExampleUserRequest().Parameters)).Should().Be(AirVpnVectors.ParametersPlaintext());
    }

    [Fact]
    public void D_is_the_AES_256_CBC_encryption_given_in_the_example()
    {
        using var rsa = RSA.Create(2048);

        var encoded = AirVpnRequestEncoder.Encode(ExampleUserRequest(), FixedKey, rsa);

        encoded.D.Should().Be(AirVpnVectors.EncryptedParameters());
    }

    [Fact]
    public void S_decrypts_with_the_matching_private_key_to_the_session_key_plaintext()
    {
        // S is randomised by PKCS#1 v1.5 padding, so a test key pair stands in for AirVPN's
        // (2048 bits: same padding, far quicker to generate).
        using var rsa = RSA.Create(2048);

        var encoded = AirVpnRequestEncoder.Encode(ExampleUserRequest(), FixedKey, rsa);

        var plaintext = rsa.Decrypt(Convert.FromBase64String(encoded.S), RSAEncryptionPadding.Pkcs1);
        Encoding.UTF8.GetString(plaintext).Should().Be(AirVpnVectors.SessionKeyPlaintext());
    }

    [Fact]
    public void S_under_AirVPNs_key_is_one_4096_bit_block()
    {
        using var rsa = AirVpnProvider.Default.CreateServerKey();

        var encoded = AirVpnRequestEncoder.Encode(ExampleUserRequest(), FixedKey, rsa);

        rsa.KeySize.Should().Be(4096);
        Convert.FromBase64String(encoded.S).Should().HaveCount(512);
    }

    [Fact]
    public void A_reply_encrypted_under_the_session_key_decrypts_to_its_XML()
    {
        // The example's D is such a ciphertext under the same key and IV.
        var text = AirVpnRequestEncoder.DecryptResponse(Convert.FromBase64String(AirVpnVectors.EncryptedParameters()), FixedKey);

        text.Should().Be(AirVpnVectors.ParametersPlaintext());
    }

    [Fact]
    public void A_reply_that_does_not_decrypt_is_an_API_error()
    {
        var act = () => AirVpnRequestEncoder.DecryptResponse(new byte[31], FixedKey);

        act.Should().Throw<AirVpnApiException>();
    }

    [Fact]
    public void The_form_body_URL_encodes_both_fields()
    {
        var body = new AirVpnEncodedRequest("a+b/c=", "d=").FormBody;

        body.Should().Be("s=a%2Bb%2Fc%3D&d=d%3D");
    }

    [Fact]
    public void The_manifest_request_adds_ts_and_printing_a_request_hides_the_password()
    {
        var identity = AirVpnClientIdentity.ForArchitecture(System.Runtime.InteropServices.Architecture.Arm64);

        var request = AirVpnRequests.Manifest("testuser", new Secret("hunter2"), identity);

        request["act"].Should().Be("manifest");
        request["ts"].Should().Be("0");
        request["arch"].Should().Be("arm64");
        request["system"].Should().Be("linux_arm64");
        request.ToString().Should().NotContain("hunter2");
    }

    [Fact]
    public void Two_generated_session_keys_differ_and_print_nothing()
    {
        var first = AirVpnSessionKey.Generate();
        var second = AirVpnSessionKey.Generate();

        first.Key.ToArray().Should().NotEqual(second.Key.ToArray());
        first.ToString().Should().NotContain(Convert.ToBase64String(first.Key));
    }
}
