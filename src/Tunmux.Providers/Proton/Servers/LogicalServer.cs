using System.Text.Json.Serialization;

namespace Tunmux.Providers.Proton.Servers;

/// <summary>
/// One entry of `/vpn/v1/logicals`: a named exit (e.g. "CH#53") backed by one or more
/// physical servers.
/// </summary>
public sealed record LogicalServer
{
    public const int OnlineStatus = 1;

    [JsonPropertyName("ID")]
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string EntryCountry { get; init; } = "";

    public string ExitCountry { get; init; } = "";

    public string? HostCountry { get; init; }

    public string Domain { get; init; } = "";

    public ServerTier Tier { get; init; }

    public ServerFeatures Features { get; init; }

    public string? Region { get; init; }

    public string? City { get; init; }

    /// <summary>Proton's ranking; lower is better.</summary>
    public double Score { get; init; }

    /// <summary>Load in percent.</summary>
    public int Load { get; init; }

    public int Status { get; init; }

    public ServerLocation? Location { get; init; }

    public IReadOnlyList<PhysicalServer> Servers { get; init; } = [];

    public bool IsOnline => Status == OnlineStatus;

    /// <summary>The first physical server that is online and has a WireGuard key, the one tunmux connects to.</summary>
    public PhysicalServer? FirstUsablePhysical => Servers.FirstOrDefault(server => server.IsUsable);
}

public sealed record ServerLocation
{
    public double Lat { get; init; }

    public double Long { get; init; }
}
