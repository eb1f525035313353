using Tunmux.Providers.Proton.Sessions;

namespace Tunmux.Providers.Tests.Proton.Sessions;

/// <summary>RFC 6238 appendix B (SHA-1 column), truncated to the 6 digits authenticator apps show.</summary>
public sealed class TotpTests
{
    // base32 of the ASCII secret "12345678901234567890" used by the RFC.
    private const string RfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1111111111, "050471")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void Codes_match_the_rfc_vectors(long unixSeconds, string expected)
    {
        Totp.Compute(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).Should().Be(expected);
    }

    [Fact]
    public void Base32_ignores_case_spaces_and_padding()
    {
        Totp.Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq====").Should().Equal("12345678901234567890"u8.ToArray());
    }

    [Fact]
    public void A_secret_that_is_not_base32_is_refused()
    {
        FluentActions.Invoking(() => Totp.Base32Decode("not-base32!")).Should().Throw<FormatException>();
    }
}
