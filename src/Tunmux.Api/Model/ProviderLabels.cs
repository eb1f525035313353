namespace Tunmux.Api.Model;

/// <summary>
/// Labels a provider tunnel carries when its client resolved it and sent it to the daemon as a
/// plain WireGuard tunnel (the keys as content, no account on the root side): which provider and
/// server it came from, for the views and for `disconnect`.
/// </summary>
public static class ProviderLabels
{
    public const string Provider = "tunmux.io/provider";

    /// <summary>The server's name in label syntax ("CH#9" becomes "CH-9").</summary>
    public const string Server = "tunmux.io/server";

    /// <summary>
    /// The provider a tunnel counts as: its own, or for a plain WireGuard tunnel the provider its
    /// label names when that is one with accounts (a label naming anything else changes nothing).
    /// </summary>
    public static string ProviderOf(TunnelManifest tunnel)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        return tunnel.Spec.Provider == ProviderNames.WireGuard
            && tunnel.Metadata.Labels.TryGetValue(Provider, out var label)
            && ProviderNames.HasAccounts(label)
            ? label
            : tunnel.Spec.Provider;
    }
}
