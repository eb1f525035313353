using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn;

/// <summary>The two bootstrap calls tunmux makes: `act=user` (keys) and `act=manifest` (servers).</summary>
public static class AirVpnRequests
{
    public static AirVpnRequest User(string login, Secret password, AirVpnClientIdentity identity) =>
        new(Common("user", login, password, identity));

    /// <summary>The server list; <paramref name="lastFetch"/> is the previous fetch's `time` (0 for a full list).</summary>
    public static AirVpnRequest Manifest(string login, Secret password, AirVpnClientIdentity identity, long lastFetch = 0) =>
        new([.. Common("manifest", login, password, identity), KeyValuePair.Create("ts", lastFetch.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    private static List<KeyValuePair<string, string>> Common(string action, string login, Secret password, AirVpnClientIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(identity);
        return
        [
            KeyValuePair.Create("act", action),
            KeyValuePair.Create("login", login),
            KeyValuePair.Create("password", password.Reveal()),
            KeyValuePair.Create("software", identity.Software),
            KeyValuePair.Create("version", identity.Version),
            KeyValuePair.Create("arch", identity.Arch),
            KeyValuePair.Create("system", identity.System),
        ];
    }
}
