using System.Numerics;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>The client half of Proton's SRP: A, M1 and the expected M2 from x and B.</summary>
public static class SrpClient
{
    public static SrpClientProofs GenerateProofs(SrpModulus modulus, ReadOnlySpan<byte> hashedPassword, ReadOnlySpan<byte> serverEphemeral, ISrpSecretSource? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        if (serverEphemeral.Length != SrpInteger.ByteLength)
        {
            throw new SrpException($"The server ephemeral is {serverEphemeral.Length} bytes, not {SrpInteger.ByteLength}.");
        }

        var n = modulus.Value;
        var b = SrpInteger.FromLittleEndian(serverEphemeral);
        if (!modulus.IsValidEphemeral(b))
        {
            throw new SrpException("The server ephemeral is out of range (1 < B < N - 1).");
        }

        var a = SrpMath.DrawSecret(secrets ?? RandomSrpSecretSource.Instance, n);
        var clientEphemeral = SrpInteger.ToLittleEndian(BigInteger.ModPow(SrpModulus.Generator, a, n));
        var serverEphemeralBytes = serverEphemeral.ToArray();
        var u = SrpMath.Scramble(clientEphemeral, serverEphemeralBytes);
        if (u.IsZero)
        {
            throw new SrpException("The SRP scramble is zero.");
        }

        var x = SrpInteger.FromLittleEndian(hashedPassword);
        var s = SrpInteger.ToLittleEndian(SrpMath.ClientSharedSecret(n, modulus.Multiplier, b, x, u, a));
        var clientProof = SrpMath.ClientProof(clientEphemeral, serverEphemeralBytes, s);
        var serverProof = SrpMath.ServerProof(clientEphemeral, clientProof, s);
        return new SrpClientProofs(clientEphemeral, clientProof, serverProof);
    }
}
