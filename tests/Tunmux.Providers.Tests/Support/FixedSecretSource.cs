using System.Numerics;
using Tunmux.Providers.Proton.Srp;

namespace Tunmux.Providers.Tests.Support;

/// <summary>Hands out fixed SRP secrets in order, so that published exchanges reproduce exactly.</summary>
internal sealed class FixedSecretSource(params BigInteger[] values) : ISrpSecretSource
{
    private int _next;

    public int Draws => _next;

    public BigInteger Next(BigInteger exclusiveUpperBound) => values[_next++];
}
