using System.Numerics;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// The SRP-6a formulas as Proton (go-srp) computes them, every hash input being 256-byte
/// little-endian integers. Kept public so each intermediate value is testable on its own.
/// </summary>
public static class SrpMath
{
    /// <summary>go-srp draws secrets above 2 × 2048 so that tiny exponents are never used.</summary>
    public static readonly BigInteger MinimumSecretExclusive = 2 * SrpModulus.BitLength;

    public static BigInteger Multiplier(BigInteger n) =>
        SrpInteger.FromLittleEndian(ExpandHash.ComputeConcatenated(
            SrpInteger.ToLittleEndian(SrpModulus.Generator), SrpInteger.ToLittleEndian(n))) % n;

    /// <summary>u = expandHash(A ‖ B).</summary>
    public static BigInteger Scramble(ReadOnlySpan<byte> clientEphemeral, ReadOnlySpan<byte> serverEphemeral) =>
        SrpInteger.FromLittleEndian(ExpandHash.ComputeConcatenated(clientEphemeral.ToArray(), serverEphemeral.ToArray()));

    /// <summary>v = g^x mod N, the verifier the server stores instead of the password.</summary>
    public static BigInteger Verifier(BigInteger hashedPassword, BigInteger n) =>
        BigInteger.ModPow(SrpModulus.Generator, hashedPassword, n);

    /// <summary>S = (B − k·g^x)^((u·x + a) mod (N − 1)) mod N.</summary>
    public static BigInteger ClientSharedSecret(BigInteger n, BigInteger k, BigInteger serverEphemeral, BigInteger hashedPassword, BigInteger scramble, BigInteger clientSecret)
    {
        var baseValue = (serverEphemeral - (k * Verifier(hashedPassword, n))) % n;
        if (baseValue.Sign < 0)
        {
            baseValue += n;
        }

        var exponent = ((scramble * hashedPassword) + clientSecret) % (n - 1);
        return BigInteger.ModPow(baseValue, exponent, n);
    }

    /// <summary>S = (A · v^u)^b mod N.</summary>
    public static BigInteger ServerSharedSecret(BigInteger n, BigInteger clientEphemeral, BigInteger verifier, BigInteger scramble, BigInteger serverSecret) =>
        BigInteger.ModPow(clientEphemeral * BigInteger.ModPow(verifier, scramble, n) % n, serverSecret, n);

    /// <summary>B = (k·v + g^b) mod N.</summary>
    public static BigInteger ServerEphemeral(BigInteger n, BigInteger k, BigInteger verifier, BigInteger serverSecret) =>
        ((k * verifier) + BigInteger.ModPow(SrpModulus.Generator, serverSecret, n)) % n;

    /// <summary>M1 = expandHash(A ‖ B ‖ S).</summary>
    public static byte[] ClientProof(byte[] clientEphemeral, byte[] serverEphemeral, byte[] sharedSecret) =>
        ExpandHash.ComputeConcatenated(clientEphemeral, serverEphemeral, sharedSecret);

    /// <summary>M2 = expandHash(A ‖ M1 ‖ S).</summary>
    public static byte[] ServerProof(byte[] clientEphemeral, byte[] clientProof, byte[] sharedSecret) =>
        ExpandHash.ComputeConcatenated(clientEphemeral, clientProof, sharedSecret);

    /// <summary>Draws a secret in (4096, N − 1) the way go-srp does: redraw until above the floor.</summary>
    public static BigInteger DrawSecret(ISrpSecretSource source, BigInteger n)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var candidate = source.Next(n - 1);
            if (candidate > MinimumSecretExclusive && candidate < n - 1)
            {
                return candidate;
            }
        }

        throw new SrpException("The secret source produced no usable SRP secret.");
    }
}
