using System.Text.Json.Serialization;

namespace Tunmux.Providers.Proton.Api;

/// <summary>`GET /vpn/location` reply: where the API sees the caller.</summary>
public sealed record LocationResponse : ProtonApiResponse
{
    [JsonPropertyName("IP")]
    public string Ip { get; init; } = "";

    public double Lat { get; init; }

    public double Long { get; init; }

    public string Country { get; init; } = "";

    [JsonPropertyName("ISP")]
    public string? Isp { get; init; }
}
