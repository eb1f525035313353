namespace Tunmux.Providers.Proton.Servers;

/// <summary>The `Tier` of a Proton server; an account may use servers up to its `MaxTier`.</summary>
public enum ServerTier
{
    Free = 0,
    Basic = 1,
    Plus = 2,
    Visionary = 3,
}
