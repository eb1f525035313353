using System.Text.Json.Serialization;
using Tunmux.Core.Model;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// A stored Mullvad login (session.json, 0600): the account number (Mullvad's only credential),
/// the current access token, and this machine's device with its WireGuard key.
/// </summary>
public sealed record MullvadSession
{
    public required Secret AccountNumber { get; init; }

    public Secret? AccessToken { get; init; }

    public DateTimeOffset? TokenExpiry { get; init; }

    public MullvadDeviceState? Device { get; init; }

    /// <summary>
    /// A key sent to Mullvad whose answer was not stored yet (a crash between the two). On the
    /// next run the device list tells whether Mullvad took it; it is never lost or used blindly.
    /// </summary>
    public MullvadPendingKey? PendingKey { get; init; }

    /// <summary>When Mullvad last confirmed the device still exists.</summary>
    public DateTimeOffset? DeviceCheckedAt { get; init; }
}

/// <summary>This machine's device: Mullvad's id and name, the key pair and the tunnel addresses.</summary>
public sealed record MullvadDeviceState
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    public required Secret PrivateKey { get; init; }

    public required string PublicKey { get; init; }

    public string Ipv4Address { get; init; } = "";

    public string Ipv6Address { get; init; } = "";

    /// <summary>When this key was registered: key rotation counts from here.</summary>
    public DateTimeOffset KeyCreatedAt { get; init; }
}

public sealed record MullvadPendingKey(Secret PrivateKey, string PublicKey, DateTimeOffset CreatedAt);

public sealed record MullvadCachedRelays(MullvadRelayList Relays, DateTimeOffset FetchedAt);

/// <summary>The relay a tunnel uses (selections/TUNNEL.json), kept until it must change.</summary>
/// <param name="Unhealthy">Relays that failed this tunnel lately (see <see cref="Core.Providers.ServerAvoidance"/>); null in older files.</param>
public sealed record MullvadSelection(string Relay, DateTimeOffset ChosenAt, IReadOnlyList<Core.Providers.ServerMark>? Unhealthy = null);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(Proton.Api.SecretJsonConverter)])]
[JsonSerializable(typeof(MullvadSession))]
[JsonSerializable(typeof(MullvadCachedRelays))]
[JsonSerializable(typeof(MullvadSelection))]
internal sealed partial class MullvadJsonContext : JsonSerializerContext
{
}
