using System.Numerics;
using System.Security.Cryptography;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// The server half of Proton's SRP, from a stored verifier: it publishes B, checks the
/// client's M1 and answers with M2. Used by test servers that stand in for Proton.
/// </summary>
public sealed class SrpServer
{
    private readonly SrpModulus _modulus;
    private readonly BigInteger _verifier;
    private readonly BigInteger _secret;

    public SrpServer(SrpModulus modulus, ReadOnlySpan<byte> verifier, ISrpSecretSource? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        if (verifier.Length != SrpInteger.ByteLength)
        {
            throw new SrpException($"The verifier is {verifier.Length} bytes, not {SrpInteger.ByteLength}.");
        }

        _modulus = modulus;
        _verifier = SrpInteger.FromLittleEndian(verifier);
        if (!modulus.IsValidEphemeral(_verifier))
        {
            throw new SrpException("The verifier is out of range.");
        }

        var n = modulus.Value;
        while (true)
        {
            _secret = SrpMath.DrawSecret(secrets ?? RandomSrpSecretSource.Instance, n);
            var ephemeral = SrpMath.ServerEphemeral(n, modulus.Multiplier, _verifier, _secret);
            if (modulus.IsValidEphemeral(ephemeral))
            {
                ServerEphemeral = SrpInteger.ToLittleEndian(ephemeral);
                break;
            }
        }
    }

    /// <summary>B, as 256 little-endian bytes.</summary>
    public byte[] ServerEphemeral { get; } = [];

    public string ServerEphemeralBase64 => Convert.ToBase64String(ServerEphemeral);

    /// <summary>
    /// Checks the client's A and M1. On success returns M2, the server proof; on any
    /// failure returns null and reveals nothing about which check failed.
    /// </summary>
    public byte[]? VerifyClientProof(ReadOnlySpan<byte> clientEphemeral, ReadOnlySpan<byte> clientProof)
    {
        if (clientEphemeral.Length != SrpInteger.ByteLength || clientProof.Length != ExpandHash.OutputBytes)
        {
            return null;
        }

        var n = _modulus.Value;
        var a = SrpInteger.FromLittleEndian(clientEphemeral);
        if (!_modulus.IsValidEphemeral(a))
        {
            return null;
        }

        var clientEphemeralBytes = clientEphemeral.ToArray();
        var u = SrpMath.Scramble(clientEphemeralBytes, ServerEphemeral);
        if (u.IsZero)
        {
            return null;
        }

        var s = SrpInteger.ToLittleEndian(SrpMath.ServerSharedSecret(n, a, _verifier, u, _secret));
        var expected = SrpMath.ClientProof(clientEphemeralBytes, ServerEphemeral, s);
        if (!CryptographicOperations.FixedTimeEquals(expected, clientProof))
        {
            return null;
        }

        return SrpMath.ServerProof(clientEphemeralBytes, expected, s);
    }
}
