using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Tunmux.Providers.Proton.Srp;

namespace Tunmux.Testing.TestServers.Proton;

/// <summary>What the server stores of an account: never the password, only salt and SRP verifier.</summary>
internal sealed record AccountRecord(ProtonTestAccount Account, string Salt, byte[] Verifier)
{
    // bcrypt costs most of a second on a busy machine; the same account gets the same record in every test.
    private static readonly ConcurrentDictionary<ProtonTestAccount, AccountRecord> Known = new();

    public static AccountRecord For(ProtonTestAccount account, SrpModulus modulus) => Known.GetOrAdd(account, a => Create(a, modulus));

    private static AccountRecord Create(ProtonTestAccount account, SrpModulus modulus)
    {
        var salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(10));
        var verifier = ProtonPasswordHasher.ComputeVerifier(4, Encoding.UTF8.GetBytes(account.Password), salt, modulus.LittleEndian);
        return new AccountRecord(account, salt, verifier);
    }
}
