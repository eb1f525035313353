namespace Tunmux.Api.Model;

/// <summary>The values of <c>spec.provider</c> and what each one accepts.</summary>
public static class ProviderNames
{
    /// <summary>A plain WireGuard configuration: spec.wireguard, no account, no server selection.</summary>
    public const string WireGuard = "wireguard";

    public const string Proton = "proton";

    public const string AirVpn = "airvpn";

    public const string Mullvad = "mullvad";

    public static IReadOnlyList<string> All { get; } = [WireGuard, Proton, AirVpn, Mullvad];

    /// <summary>Providers whose server, keys and addresses come from an account (spec.server, spec.account).</summary>
    public static IReadOnlyList<string> WithAccounts { get; } = [Proton, AirVpn, Mullvad];

    /// <summary>Every word spec.server.features may hold, for the schema.</summary>
    public static IReadOnlyList<string> AllFeatures { get; } = ["p2p", "streaming", "secure-core", "tor", "owned"];

    /// <summary>The spec.server.features each provider understands.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Features { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Proton] = ["p2p", "streaming", "secure-core", "tor"],
        [AirVpn] = [],
        [Mullvad] = ["owned"],
    };

    public static bool HasAccounts(string provider) => WithAccounts.Contains(provider, StringComparer.Ordinal);
}
