using System.Security.Cryptography;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>What the client sends (A, M1) and the server proof M2 it must then receive.</summary>
public sealed class SrpClientProofs
{
    public SrpClientProofs(byte[] clientEphemeral, byte[] clientProof, byte[] expectedServerProof)
    {
        ClientEphemeral = clientEphemeral;
        ClientProof = clientProof;
        ExpectedServerProof = expectedServerProof;
    }

    public byte[] ClientEphemeral { get; }

    public byte[] ClientProof { get; }

    public byte[] ExpectedServerProof { get; }

    public string ClientEphemeralBase64 => Convert.ToBase64String(ClientEphemeral);

    public string ClientProofBase64 => Convert.ToBase64String(ClientProof);

    /// <summary>Constant-time check of the `ServerProof` the API returned.</summary>
    public bool IsServerProofValid(ReadOnlySpan<byte> serverProof) =>
        CryptographicOperations.FixedTimeEquals(serverProof, ExpectedServerProof);

    public bool IsServerProofValid(string serverProofBase64)
    {
        ArgumentNullException.ThrowIfNull(serverProofBase64);
        var buffer = new byte[ExpectedServerProof.Length];
        return Convert.TryFromBase64String(serverProofBase64, buffer, out var written)
            && written == buffer.Length
            && IsServerProofValid(buffer);
    }
}
