namespace Tunmux.Providers.OpenPgp;

/// <summary>The CRC-24 checksum of ASCII armor (RFC 4880 section 6.1); a transport check, not security.</summary>
internal static class Crc24
{
    private const int Init = 0xB704CE;
    private const int Polynomial = 0x1864CFB;

    public static int Compute(ReadOnlySpan<byte> data)
    {
        var crc = Init;
        foreach (var value in data)
        {
            crc ^= value << 16;
            for (var bit = 0; bit < 8; bit++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= Polynomial;
                }
            }
        }

        return crc & 0xFFFFFF;
    }
}
