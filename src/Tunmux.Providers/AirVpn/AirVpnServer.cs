namespace Tunmux.Providers.AirVpn;

/// <summary>An AirVPN server from the manifest, with values its group supplies already filled in.</summary>
public sealed record AirVpnServer
{
    public string Name { get; init; } = "";

    public IReadOnlyList<string> EntryIps { get; init; } = [];

    public string CountryCode { get; init; } = "";

    public string Location { get; init; } = "";

    /// <summary>A penalty added to the score by AirVPN (lower is better).</summary>
    public long ScoreBase { get; init; }

    /// <summary>Current bandwidth (`bw`).</summary>
    public long Bandwidth { get; init; }

    /// <summary>Capacity in Mbit/s (`bw_max`).</summary>
    public long BandwidthMax { get; init; }

    public long Users { get; init; }

    public long UsersMax { get; init; }

    public string Group { get; init; } = "";

    /// <summary>The entry IP a mode uses: `ips_entry[entry_index]`, or the first one when the index is out of range.</summary>
    public string? EntryIpFor(AirVpnMode mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        return mode.EntryIndex >= 0 && mode.EntryIndex < EntryIps.Count ? EntryIps[mode.EntryIndex] : EntryIps.FirstOrDefault();
    }
}
