using System.Security.Cryptography;
using System.Text;
using Tunmux.Providers.Proton.Srp;

namespace Tunmux.Providers.Tests.TestServers.Proton;

/// <summary>What the server stores of an account: never the password, only salt and SRP verifier.</summary>
internal sealed record AccountRecord(ProtonTestAccount Account, string Salt, byte[] Verifier)
{
    public static AccountRecord For(ProtonTestAccount account, SrpModulus modulus)
    {
        var salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(10));
        var verifier = ProtonPasswordHasher.ComputeVerifier(4, Encoding.UTF8.GetBytes(account.Password), salt, modulus.LittleEndian);
        return new AccountRecord(account, salt, verifier);
    }
}
