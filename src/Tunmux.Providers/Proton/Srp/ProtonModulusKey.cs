using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// The OpenPGP key Proton signs its SRP moduli with (Ed25519, "proton@srp.modulus"), as
/// pinned by ProtonMail/go-srp (srp.go, modulusPubkey). A modulus is only used after its
/// signature verifies against this key (<see cref="ModulusSignature"/>).
/// </summary>
public static class ProtonModulusKey
{
    public const string Armored = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        xjMEXAHLgxYJKwYBBAHaRw8BAQdAFurWXXwjTemqjD7CXjXVyKf0of7n9Ctm
        L8v9enkzggHNEnByb3RvbkBzcnAubW9kdWx1c8J3BBAWCgApBQJcAcuDBgsJ
        BwgDAgkQNQWFxOlRjyYEFQgKAgMWAgECGQECGwMCHgEAAPGRAP9sauJsW12U
        MnTQUZpsbJb53d0Wv55mZIIiJL2XulpWPQD/V6NglBd96lZKBmInSXX/kXat
        Sv+y0io+LR8i2+jV+AbOOARcAcuDEgorBgEEAZdVAQUBAQdAeJHUz1c9+KfE
        kSIgcBRE3WuXC4oj5a2/U3oASExGDW4DAQgHwmEEGBYIABMFAlwBy4MJEDUF
        hcTpUY8mAhsMAAD/XQD8DxNI6E78meodQI+wLsrKLeHn32iLvUqJbVDhfWSU
        WO4BAMcm1u02t4VKw++ttECPt+HUgPUq5pqQWe5Q2cW4TMsE
        =Y4Mw
        -----END PGP PUBLIC KEY BLOCK-----
        """;

    private static readonly Lazy<PgpPublicKey> _key = new(() => FromArmoredKeyBlock(Armored));

    /// <summary>The primary (signing) key of the pinned block.</summary>
    public static PgpPublicKey Key => _key.Value;

    /// <summary>The primary key of an armored public key block.</summary>
    public static PgpPublicKey FromArmoredKeyBlock(string armored)
    {
        using var input = new ArmoredInputStream(new MemoryStream(Encoding.ASCII.GetBytes(armored)));
        return new PgpPublicKeyRing(input).GetPublicKey();
    }
}
