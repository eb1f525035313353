using Org.BouncyCastle.Bcpg.OpenPgp;
using Tunmux.Providers.Proton.Api;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// The whole client computation for `/auth/v4`: verify the signed modulus, hash the password,
/// check B and produce A, M1 and the expected M2.
/// </summary>
public static class ProtonSrp
{
    public static SrpClientProofs ComputeClientProofs(AuthInfoResponse info, ReadOnlySpan<byte> password, ISrpSecretSource? secrets = null, PgpPublicKey? modulusKey = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        var modulus = SrpModulus.FromSignedMessage(info.Modulus, modulusKey ?? ProtonModulusKey.Key);
        var hashedPassword = ProtonPasswordHasher.HashPassword(info.Version, password, info.Salt, modulus.LittleEndian);

        byte[] serverEphemeral;
        try
        {
            serverEphemeral = Convert.FromBase64String(info.ServerEphemeral);
        }
        catch (FormatException exception)
        {
            throw new SrpException("The server ephemeral is not base64.", exception);
        }

        try
        {
            return SrpClient.GenerateProofs(modulus, hashedPassword, serverEphemeral, secrets);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(hashedPassword);
        }
    }
}
