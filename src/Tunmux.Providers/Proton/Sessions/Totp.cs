using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Tunmux.Providers.Proton.Sessions;

/// <summary>
/// RFC 6238 time-based one-time passwords as authenticator apps compute them: HMAC-SHA1 over
/// the 30-second step count, 6 digits, the secret given in base32 (RFC 4648, as in otpauth:// URIs).
/// </summary>
public static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public static string Compute(ReadOnlySpan<byte> secret, DateTimeOffset at)
    {
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / (long)Step.TotalSeconds);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, mac);

        // RFC 4226 section 5.3: dynamic truncation.
        var offset = mac[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7FFFFFFF;
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    public static string Compute(string base32Secret, DateTimeOffset at)
    {
        var secret = Base32Decode(base32Secret);
        try
        {
            return Compute(secret, at);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>RFC 4648 base32; spaces, dashes, padding and case are ignored, as authenticator apps do.</summary>
    public static byte[] Base32Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is ' ' or '-' or '=' or '\n' or '\r' or '\t')
            {
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("The TOTP secret is not base32 (letters A-Z and digits 2-7).");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        if (output.Count == 0)
        {
            throw new FormatException("The TOTP secret is empty.");
        }

        return [.. output];
    }
}
