namespace Tunmux.Providers.Mullvad;

/// <summary>Mullvad's WireGuard relays with their locations resolved, and the in-tunnel gateways (the DNS servers).</summary>
public sealed record MullvadRelayList
{
    public IReadOnlyList<MullvadRelay> Relays { get; init; } = [];

    public string Ipv4Gateway { get; init; } = "";

    public string Ipv6Gateway { get; init; } = "";

    public static MullvadRelayList FromWire(MullvadWire.RelaysResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var locations = response.Locations ?? [];
        var wireguard = response.WireGuard;
        return new MullvadRelayList
        {
            Ipv4Gateway = wireguard?.Ipv4Gateway ?? "",
            Ipv6Gateway = wireguard?.Ipv6Gateway ?? "",
            Relays =
            [
                .. (wireguard?.Relays ?? [])
                    .Where(r => r.Hostname is { Length: > 0 } && r.PublicKey is { Length: > 0 } && r.Ipv4AddrIn is { Length: > 0 })
                    .Select(r =>
                    {
                        var code = r.Location ?? "";
                        var dash = code.IndexOf('-', StringComparison.Ordinal);
                        var place = locations.GetValueOrDefault(code);
                        return new MullvadRelay
                        {
                            Hostname = r.Hostname!,
                            Location = code,
                            CountryCode = dash < 0 ? code : code[..dash],
                            CityCode = dash < 0 ? "" : code[(dash + 1)..],
                            Country = place?.Country ?? "",
                            City = place?.City ?? "",
                            Active = r.Active,
                            Owned = r.Owned,
                            Provider = r.Provider ?? "",
                            Ipv4AddressIn = r.Ipv4AddrIn!,
                            Ipv6AddressIn = r.Ipv6AddrIn ?? "",
                            PublicKey = r.PublicKey!,
                            Weight = r.Weight ?? 100,
                        };
                    }),
            ],
        };
    }
}

/// <summary>One WireGuard relay, e.g. se-got-wg-001 in Gothenburg (location "se-got").</summary>
public sealed record MullvadRelay
{
    public required string Hostname { get; init; }

    public string Location { get; init; } = "";

    /// <summary>Lower-case ISO code from the location, e.g. "se".</summary>
    public string CountryCode { get; init; } = "";

    public string CityCode { get; init; } = "";

    public string Country { get; init; } = "";

    public string City { get; init; } = "";

    public bool Active { get; init; }

    /// <summary>Run on hardware Mullvad owns (not rented).</summary>
    public bool Owned { get; init; }

    public string Provider { get; init; } = "";

    public required string Ipv4AddressIn { get; init; }

    public string Ipv6AddressIn { get; init; } = "";

    public required string PublicKey { get; init; }

    /// <summary>Mullvad's preference among relays (higher is chosen more).</summary>
    public int Weight { get; init; }
}
