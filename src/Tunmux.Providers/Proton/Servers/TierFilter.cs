namespace Tunmux.Providers.Proton.Servers;

/// <summary>`--free` / `--paid`: which server tiers to consider.</summary>
public enum TierFilter
{
    Any,
    Free,
    Paid,
}
