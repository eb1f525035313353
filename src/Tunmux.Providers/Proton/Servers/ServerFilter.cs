namespace Tunmux.Providers.Proton.Servers;

/// <summary>The filters of <see cref="ServerSelector"/>, in the order they run.</summary>
public enum ServerFilter
{
    /// <summary>The server list itself was empty.</summary>
    ServerList,

    /// <summary>Logical and a physical server online, with a WireGuard key.</summary>
    Online,
    Name,
    Country,
    City,
    AccountTier,
    Tier,
    Features,
    MaxLoad,
}
