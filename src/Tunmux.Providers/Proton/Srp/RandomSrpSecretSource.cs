using System.Numerics;
using System.Security.Cryptography;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>Uniform secrets from the OS CSPRNG, by rejection sampling (no modulo bias).</summary>
public sealed class RandomSrpSecretSource : ISrpSecretSource
{
    public static readonly RandomSrpSecretSource Instance = new();

    public BigInteger Next(BigInteger exclusiveUpperBound)
    {
        if (exclusiveUpperBound.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exclusiveUpperBound));
        }

        var bits = (int)exclusiveUpperBound.GetBitLength();
        var buffer = new byte[(bits + 7) / 8];
        var topMask = (byte)(0xFF >> ((buffer.Length * 8) - bits));
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(buffer);
                buffer[^1] &= topMask;
                var candidate = SrpInteger.FromLittleEndian(buffer);
                if (candidate < exclusiveUpperBound)
                {
                    return candidate;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
