using System.Text.Json.Serialization;
using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// A stored AirVPN login (session.json, mode 0600): the credentials themselves, because the
/// bootstrap API has no tokens, and the last `act=user` reply (device keys and the server key).
/// </summary>
public sealed record AirVpnSession
{
    public required string Login { get; init; }

    public required Secret Password { get; init; }

    public required AirVpnUser User { get; init; }

    public DateTimeOffset UserFetchedAt { get; init; }

    /// <summary>The device used when neither a tunnel nor --key names one (login --key).</summary>
    public string? DefaultDevice { get; init; }

    /// <summary>A REST API key (airvpn.org/api) for the config generator, once one was made or found.</summary>
    public Secret? ApiKey { get; init; }

    [JsonIgnore]
    public AirVpnCredentials Credentials => new(Login, Password);
}

/// <summary>The last server list (manifest.json) and when it was fetched.</summary>
public sealed record AirVpnCachedManifest(AirVpnManifest Manifest, DateTimeOffset FetchedAt);

/// <summary>The server and device a tunnel uses (selections/TUNNEL.json), kept until they must change.</summary>
/// <param name="Unhealthy">Servers that failed this tunnel lately (see <see cref="Core.Providers.ServerAvoidance"/>); null in older files.</param>
public sealed record AirVpnSelection(string Server, string Device, DateTimeOffset ChosenAt, IReadOnlyList<Core.Providers.ServerMark>? Unhealthy = null);
