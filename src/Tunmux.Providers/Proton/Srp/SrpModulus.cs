using System.Collections.Concurrent;
using System.Numerics;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// A group modulus N that passed go-srp's checks: its clearsigned message verifies against
/// Proton's modulus key, it is exactly 2048 bits, N ≡ 3 (mod 8) and N is a safe prime.
/// The generator is fixed at g = 2.
/// </summary>
public sealed class SrpModulus
{
    public const int BitLength = 2048;
    public static readonly BigInteger Generator = 2;

    // The safe-prime test costs a dozen 2048-bit exponentiations; Proton uses few moduli,
    // so a modulus that passed once is not tested again.
    private const int CacheLimit = 32;
    private static readonly ConcurrentDictionary<string, SrpModulus> _checked = new(StringComparer.Ordinal);

    private readonly byte[] _littleEndian;

    private SrpModulus(byte[] littleEndian, BigInteger value)
    {
        _littleEndian = littleEndian;
        Value = value;
        Multiplier = SrpMath.Multiplier(value);
    }

    public BigInteger Value { get; }

    /// <summary>k = expandHash(LE(g) ‖ LE(N)) mod N.</summary>
    public BigInteger Multiplier { get; }

    public ReadOnlySpan<byte> LittleEndian => _littleEndian;

    /// <summary>Verifies a clearsigned modulus from `/auth/v4/info` with Proton's pinned key, then checks it.</summary>
    public static SrpModulus FromSignedMessage(string clearSigned) => FromSignedMessage(clearSigned, ProtonModulusKey.Key);

    public static SrpModulus FromSignedMessage(string clearSigned, PgpPublicKey signingKey)
    {
        var body = ModulusSignature.Verify(clearSigned, signingKey).Trim();
        if (body.Contains('\n', StringComparison.Ordinal))
        {
            throw new SrpException("The signed SRP modulus has data after the modulus.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(body);
        }
        catch (FormatException exception)
        {
            throw new SrpException("The signed SRP modulus is not base64.", exception);
        }

        return FromLittleEndian(bytes);
    }

    /// <summary>Checks an unsigned modulus (as 256 little-endian bytes); only for moduli already trusted.</summary>
    public static SrpModulus FromLittleEndian(ReadOnlySpan<byte> littleEndian)
    {
        if (littleEndian.Length != SrpInteger.ByteLength)
        {
            throw new SrpException($"The SRP modulus is {littleEndian.Length} bytes, not {SrpInteger.ByteLength}.");
        }

        var cacheKey = Convert.ToBase64String(littleEndian);
        if (_checked.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        var n = SrpInteger.FromLittleEndian(littleEndian);
        if (n.GetBitLength() != BitLength)
        {
            throw new SrpException($"The SRP modulus is {n.GetBitLength()} bits, not {BitLength}.");
        }

        if (n % 8 != 3)
        {
            throw new SrpException("The SRP modulus is not 3 mod 8, so 2 does not generate the group.");
        }

        if (!SafePrime.IsSafePrime(n))
        {
            throw new SrpException("The SRP modulus is not a safe prime.");
        }

        var modulus = new SrpModulus(littleEndian.ToArray(), n);
        if (_checked.Count >= CacheLimit)
        {
            _checked.Clear();
        }

        _checked[cacheKey] = modulus;
        return modulus;
    }

    /// <summary>Whether <paramref name="ephemeral"/> lies strictly between 1 and N - 1, as go-srp requires.</summary>
    public bool IsValidEphemeral(BigInteger ephemeral) => ephemeral > BigInteger.One && ephemeral < Value - 1;
}
