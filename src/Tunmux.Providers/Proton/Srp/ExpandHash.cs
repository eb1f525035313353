using System.Security.Cryptography;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>Proton's 2048-bit hash: SHA512(d‖0) ‖ SHA512(d‖1) ‖ SHA512(d‖2) ‖ SHA512(d‖3).</summary>
public static class ExpandHash
{
    public const int OutputBytes = 256;

    public static byte[] Compute(ReadOnlySpan<byte> data)
    {
        var output = new byte[OutputBytes];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        for (byte part = 0; part < 4; part++)
        {
            sha.AppendData(data);
            sha.AppendData([part]);
            sha.GetHashAndReset(output.AsSpan(part * SHA512.HashSizeInBytes, SHA512.HashSizeInBytes));
        }

        return output;
    }

    /// <summary>expandHash of the concatenation of <paramref name="parts"/>.</summary>
    public static byte[] ComputeConcatenated(params byte[][] parts)
    {
        var joined = new byte[parts.Sum(part => part.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(joined, at);
            at += part.Length;
        }

        return Compute(joined);
    }
}
