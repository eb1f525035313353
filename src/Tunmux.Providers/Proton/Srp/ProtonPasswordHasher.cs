using System.Security.Cryptography;
using System.Text;
using Tunmux.Providers.Crypto;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// Proton's SRP password hash, versions 3 and 4 (identical):
/// x = expandHash(bcrypt("$2y$10$" + bcryptBase64(salt ‖ "proton")[..22], password) ‖ modulus).
/// Versions 0 to 2 (MD5 or username based) are legacy accounts and are refused.
/// </summary>
public static class ProtonPasswordHasher
{
    public const int BcryptCost = 10;

    private static readonly byte[] SaltSuffix = Encoding.ASCII.GetBytes("proton");

    public static bool IsSupportedVersion(int version) => version is 3 or 4;

    /// <summary>The bcrypt string for <paramref name="password"/> and the API's base64 salt.</summary>
    public static string BcryptPassword(ReadOnlySpan<byte> password, string saltBase64)
    {
        ArgumentNullException.ThrowIfNull(saltBase64);
        if (password.IsEmpty)
        {
            throw new ArgumentException("The password is empty.", nameof(password));
        }

        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(saltBase64);
        }
        catch (FormatException exception)
        {
            throw new SrpException("The SRP salt is not base64.", exception);
        }

        var extended = new byte[salt.Length + SaltSuffix.Length];
        salt.CopyTo(extended, 0);
        SaltSuffix.CopyTo(extended, salt.Length);
        var encoded = BcryptBase64.Encode(extended);
        if (encoded.Length < Bcrypt.SaltChars)
        {
            throw new SrpException("The SRP salt is too short for bcrypt.");
        }

        return Bcrypt.Hash(password, $"$2y${BcryptCost:D2}${encoded[..Bcrypt.SaltChars]}");
    }

    /// <summary>x as 256 little-endian bytes, for the raw modulus bytes the API sent.</summary>
    public static byte[] HashPassword(int version, ReadOnlySpan<byte> password, string saltBase64, ReadOnlySpan<byte> modulusLittleEndian)
    {
        if (!IsSupportedVersion(version))
        {
            throw new SrpException($"Proton auth version {version} is not supported (only 3 and 4).");
        }

        var bcrypt = Encoding.ASCII.GetBytes(BcryptPassword(password, saltBase64));
        try
        {
            return ExpandHash.ComputeConcatenated(bcrypt, modulusLittleEndian.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bcrypt);
        }
    }

    /// <summary>The verifier g^x mod N (256 little-endian bytes) the server stores for this password.</summary>
    public static byte[] ComputeVerifier(int version, ReadOnlySpan<byte> password, string saltBase64, ReadOnlySpan<byte> modulusLittleEndian)
    {
        var x = HashPassword(version, password, saltBase64, modulusLittleEndian);
        var n = SrpInteger.FromLittleEndian(modulusLittleEndian);
        return SrpInteger.ToLittleEndian(SrpMath.Verifier(SrpInteger.FromLittleEndian(x), n));
    }
}
