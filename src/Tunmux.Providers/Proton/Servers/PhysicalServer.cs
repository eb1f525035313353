using System.Text.Json.Serialization;

namespace Tunmux.Providers.Proton.Servers;

/// <summary>A physical server behind a logical one: the WireGuard endpoint and its key.</summary>
public sealed record PhysicalServer
{
    /// <summary>Proton's WireGuard servers listen on this UDP port.</summary>
    public const int WireGuardPort = 51820;

    [JsonPropertyName("ID")]
    public string Id { get; init; } = "";

    [JsonPropertyName("EntryIP")]
    public string EntryIp { get; init; } = "";

    [JsonPropertyName("ExitIP")]
    public string ExitIp { get; init; } = "";

    public string Domain { get; init; } = "";

    public int Status { get; init; }

    public string? X25519PublicKey { get; init; }

    public bool IsUsable => Status == LogicalServer.OnlineStatus && !string.IsNullOrEmpty(X25519PublicKey);

    public string Endpoint => $"{EntryIp}:{WireGuardPort}";
}
