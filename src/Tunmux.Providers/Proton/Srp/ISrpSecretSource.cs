using System.Numerics;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// Where the SRP ephemeral secrets (client a, server b) come from. Production uses
/// <see cref="RandomSrpSecretSource"/>; tests inject fixed values to reproduce vectors.
/// </summary>
public interface ISrpSecretSource
{
    /// <summary>A uniformly chosen integer in [0, <paramref name="exclusiveUpperBound"/>).</summary>
    BigInteger Next(BigInteger exclusiveUpperBound);
}
