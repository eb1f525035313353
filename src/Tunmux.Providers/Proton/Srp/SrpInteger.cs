using System.Numerics;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>Proton's SRP writes every integer as 256 little-endian bytes.</summary>
public static class SrpInteger
{
    public const int ByteLength = 256;

    public static BigInteger FromLittleEndian(ReadOnlySpan<byte> bytes) =>
        new(bytes, isUnsigned: true, isBigEndian: false);

    public static byte[] ToLittleEndian(BigInteger value, int length = ByteLength)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > length)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The integer does not fit the SRP width.");
        }

        var bytes = new byte[length];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }
}
