using System.Numerics;
using System.Security.Cryptography;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// Whether N is a safe prime (N = 2q + 1 with q prime). q gets trial division and
/// Miller-Rabin with random bases; N then follows from Pocklington's criterion with base 2,
/// because the only odd prime factor of N - 1 is q and q exceeds the square root of N.
/// </summary>
public static class SafePrime
{
    // As go-srp (ProbablyPrime(10)); the modulus is also signature-checked before this runs.
    private const int MillerRabinRounds = 10;

    private static readonly int[] SmallPrimes =
        [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251];

    public static bool IsSafePrime(BigInteger n)
    {
        if (n < 7 || n.IsEven)
        {
            return false;
        }

        var q = (n - 1) / 2;
        if (!IsProbablePrime(q))
        {
            return false;
        }

        // Pocklington: 2^(N-1) = 1 (mod N) and gcd(2^2 - 1, N) = 1 prove N prime once q is prime.
        return BigInteger.ModPow(2, n - 1, n).IsOne && BigInteger.GreatestCommonDivisor(3, n).IsOne;
    }

    public static bool IsProbablePrime(BigInteger n)
    {
        if (n < 2)
        {
            return false;
        }

        if (n.IsEven)
        {
            return n == 2;
        }

        foreach (var small in SmallPrimes)
        {
            if (n == small)
            {
                return true;
            }

            if ((n % small).IsZero)
            {
                return false;
            }
        }

        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        for (var round = 0; round < MillerRabinRounds; round++)
        {
            var a = RandomBase(n);
            if (!PassesRound(n, d, s, a))
            {
                return false;
            }
        }

        return true;
    }

    private static bool PassesRound(BigInteger n, BigInteger d, int s, BigInteger a)
    {
        var x = BigInteger.ModPow(a, d, n);
        var minusOne = n - 1;
        if (x.IsOne || x == minusOne)
        {
            return true;
        }

        for (var i = 1; i < s; i++)
        {
            x = BigInteger.ModPow(x, 2, n);
            if (x == minusOne)
            {
                return true;
            }
        }

        return false;
    }

    // A base in [2, n - 2].
    private static BigInteger RandomBase(BigInteger n)
    {
        var bytes = new byte[n.GetByteCount(isUnsigned: true) + 8];
        RandomNumberGenerator.Fill(bytes);
        return (new BigInteger(bytes, isUnsigned: true) % (n - 3)) + 2;
    }
}
