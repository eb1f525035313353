using System.Text.Json.Serialization;

namespace Tunmux.Providers.Mullvad;

/// <summary>Mullvad's JSON bodies, field for field (snake_case on the wire).</summary>
public static class MullvadWire
{
    public sealed record TokenRequest([property: JsonPropertyName("account_number")] string AccountNumber);

    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expiry")] DateTimeOffset? Expiry);

    public sealed record AccountResponse(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("expiry")] DateTimeOffset? Expiry,
        [property: JsonPropertyName("max_devices")] int? MaxDevices,
        [property: JsonPropertyName("can_add_devices")] bool? CanAddDevices);

    public sealed record DeviceRequest(
        [property: JsonPropertyName("pubkey")] string Pubkey,
        [property: JsonPropertyName("hijack_dns")] bool HijackDns);

    public sealed record KeyRequest([property: JsonPropertyName("pubkey")] string Pubkey);

    public sealed record DeviceResponse(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("pubkey")] string? Pubkey,
        [property: JsonPropertyName("created")] DateTimeOffset? Created,
        [property: JsonPropertyName("ipv4_address")] string? Ipv4Address,
        [property: JsonPropertyName("ipv6_address")] string? Ipv6Address);

    public sealed record ErrorResponse(
        [property: JsonPropertyName("code")] string? Code,
        [property: JsonPropertyName("detail")] string? Detail,
        [property: JsonPropertyName("error")] string? Error);

    public sealed record RelaysResponse(
        [property: JsonPropertyName("locations")] Dictionary<string, Location>? Locations,
        [property: JsonPropertyName("wireguard")] WireGuardRelays? WireGuard);

    public sealed record Location(
        [property: JsonPropertyName("country")] string? Country,
        [property: JsonPropertyName("city")] string? City);

    public sealed record WireGuardRelays(
        [property: JsonPropertyName("ipv4_gateway")] string? Ipv4Gateway,
        [property: JsonPropertyName("ipv6_gateway")] string? Ipv6Gateway,
        [property: JsonPropertyName("relays")] List<Relay>? Relays);

    public sealed record Relay(
        [property: JsonPropertyName("hostname")] string? Hostname,
        [property: JsonPropertyName("location")] string? Location,
        [property: JsonPropertyName("active")] bool Active,
        [property: JsonPropertyName("owned")] bool Owned,
        [property: JsonPropertyName("provider")] string? Provider,
        [property: JsonPropertyName("ipv4_addr_in")] string? Ipv4AddrIn,
        [property: JsonPropertyName("ipv6_addr_in")] string? Ipv6AddrIn,
        [property: JsonPropertyName("public_key")] string? PublicKey,
        [property: JsonPropertyName("weight")] int? Weight);
}

[JsonSerializable(typeof(MullvadWire.TokenRequest))]
[JsonSerializable(typeof(MullvadWire.TokenResponse))]
[JsonSerializable(typeof(MullvadWire.AccountResponse))]
[JsonSerializable(typeof(MullvadWire.DeviceRequest))]
[JsonSerializable(typeof(MullvadWire.KeyRequest))]
[JsonSerializable(typeof(MullvadWire.DeviceResponse))]
[JsonSerializable(typeof(List<MullvadWire.DeviceResponse>))]
[JsonSerializable(typeof(MullvadWire.ErrorResponse))]
[JsonSerializable(typeof(MullvadWire.RelaysResponse))]
internal sealed partial class MullvadWireJsonContext : JsonSerializerContext
{
}
