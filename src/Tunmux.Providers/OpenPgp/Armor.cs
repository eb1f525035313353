namespace Tunmux.Providers.OpenPgp;

/// <summary>
/// Reads ASCII armor (RFC 4880 section 6.2): a BEGIN line, optional `Key: value` headers, a
/// blank line, base64 data, an optional `=XXXX` CRC-24 line and the END line.
/// </summary>
public static class Armor
{
    /// <summary>Decodes one armored block of <paramref name="blockType"/> (e.g. "PGP SIGNATURE").</summary>
    public static byte[] Decode(string armored, string blockType)
    {
        ArgumentNullException.ThrowIfNull(armored);
        var lines = SplitLines(armored);
        var begin = $"-----BEGIN {blockType}-----";
        var start = lines.FindIndex(line => line.Trim() == begin);
        if (start < 0)
        {
            throw new OpenPgpException($"No '{begin}' line.");
        }

        return DecodeLines(lines, start, blockType, out _);
    }

    /// <summary>
    /// Decodes the block whose BEGIN line is at <paramref name="beginIndex"/> and reports the
    /// index of the line after its END line.
    /// </summary>
    internal static byte[] DecodeLines(IReadOnlyList<string> lines, int beginIndex, string blockType, out int nextIndex)
    {
        var end = $"-----END {blockType}-----";
        var index = beginIndex + 1;

        // Headers run to the first blank line.
        while (index < lines.Count && lines[index].Trim().Length > 0)
        {
            if (!lines[index].Contains(": ", StringComparison.Ordinal))
            {
                throw new OpenPgpException($"Armor header line {index + 1} is not 'Key: value'.");
            }

            index++;
        }

        if (index >= lines.Count)
        {
            throw new OpenPgpException("Armor has no blank line after its headers.");
        }

        index++;
        var base64 = new System.Text.StringBuilder();
        string? checksum = null;
        for (; index < lines.Count; index++)
        {
            var line = lines[index].Trim();
            if (line == end)
            {
                nextIndex = index + 1;
                var data = DecodeBase64(base64.ToString());
                if (checksum is not null)
                {
                    VerifyChecksum(data, checksum);
                }

                return data;
            }

            if (checksum is not null)
            {
                throw new OpenPgpException("Armor has data after its checksum line.");
            }

            if (line.StartsWith('=') && line.Length == 5)
            {
                checksum = line[1..];
            }
            else
            {
                base64.Append(line);
            }
        }

        throw new OpenPgpException($"No '{end}' line.");
    }

    internal static List<string> SplitLines(string text) =>
        [.. text.Split('\n').Select(line => line.TrimEnd('\r'))];

    private static void VerifyChecksum(byte[] data, string checksum)
    {
        var expected = DecodeBase64(checksum);
        var actual = Crc24.Compute(data);
        if (expected.Length != 3 || ((expected[0] << 16) | (expected[1] << 8) | expected[2]) != actual)
        {
            throw new OpenPgpException("Armor checksum does not match its data.");
        }
    }

    private static byte[] DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException exception)
        {
            throw new OpenPgpException("Armor data is not valid base64.", exception);
        }
    }
}
