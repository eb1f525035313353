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
}
