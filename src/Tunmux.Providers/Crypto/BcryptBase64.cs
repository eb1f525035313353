namespace Tunmux.Providers.Crypto;

/// <summary>
/// The base64 variant bcrypt uses for salts and hashes: the usual bit grouping, but the
/// alphabet `./A-Za-z0-9` and no padding.
/// </summary>
public static class BcryptBase64
{
    private const string Alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var output = new char[((data.Length * 8) + 5) / 6];
        var written = 0;
        var bits = 0;
        var buffer = 0;
        foreach (var value in data)
        {
            buffer = (buffer << 8) | value;
            bits += 8;
            while (bits >= 6)
            {
                bits -= 6;
                output[written++] = Alphabet[(buffer >> bits) & 0x3F];
            }
        }

        if (bits > 0)
        {
            output[written++] = Alphabet[(buffer << (6 - bits)) & 0x3F];
        }

        return new string(output, 0, written);
    }

    /// <summary>
    /// The bytes of <paramref name="text"/>, whole bytes only (bits left over at the end are
    /// dropped, as bcrypt drops the last salt character's low bits); null when a character is
    /// outside the alphabet.
    /// </summary>
    public static byte[]? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new byte[text.Length * 6 / 8];
        var written = 0;
        var bits = 0;
        var buffer = 0;
        foreach (var character in text)
        {
            var value = Alphabet.IndexOf(character, StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = ((buffer << 6) | value) & 0xFFFF;
            bits += 6;
            if (bits >= 8 && written < output.Length)
            {
                bits -= 8;
                output[written++] = (byte)(buffer >> bits);
            }
        }

        return output;
    }
}
