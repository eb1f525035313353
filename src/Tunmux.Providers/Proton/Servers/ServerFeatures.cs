namespace Tunmux.Providers.Proton.Servers;

/// <summary>The `Features` bitmask of a Proton logical server.</summary>
[Flags]
public enum ServerFeatures
{
    None = 0,
    SecureCore = 1,
    Tor = 2,
    P2P = 4,
    Streaming = 8,
    IPv6 = 16,
}
