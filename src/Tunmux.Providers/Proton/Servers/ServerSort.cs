namespace Tunmux.Providers.Proton.Servers;

/// <summary>How matching servers are ordered; the first one is chosen.</summary>
public enum ServerSort
{
    /// <summary>Proton's score, lower first (the default).</summary>
    Score,

    /// <summary>Load, lower first.</summary>
    Load,

    /// <summary>Name, numbers in natural order ("US#9" before "US#10").</summary>
    Name,
}
