namespace Tunmux.Providers.AirVpn.Web;

/// <summary>
/// airvpn.org's anti-bot entry page (/entry/?aek_id=..&amp;aek_url=..) sets cookie af3 from
/// aek_id in JavaScript; the same arithmetic here lets the client pass without a browser.
/// </summary>
public static class AirVpnEntryGate
{
    public const string CookieName = "af3";

    /// <summary>For each character c: r = (r mod 30c²) + 30c² + 18, starting from 0.</summary>
    public static long Af3(string aekId)
    {
        ArgumentNullException.ThrowIfNull(aekId);
        long result = 0;
        foreach (var c in aekId)
        {
            long square = c * c * 30L;
            result = (result % square) + square + 18;
        }

        return result;
    }
}
