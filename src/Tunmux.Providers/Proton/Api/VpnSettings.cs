using System.Text.Json.Serialization;
using Tunmux.Core.Model;

namespace Tunmux.Providers.Proton.Api;

/// <summary>`GET /vpn/v2` reply.</summary>
public sealed record VpnSettingsResponse : ProtonApiResponse
{
    [JsonPropertyName("VPN")]
    public VpnAccount? Vpn { get; init; }

    public int Services { get; init; }

    public int Subscribed { get; init; }

    public int Delinquent { get; init; }

    public int HasPaymentMethod { get; init; }

    public long Credit { get; init; }

    public string? Currency { get; init; }
}

/// <summary>The VPN account: OpenVPN-style credentials and the plan's limits.</summary>
public sealed record VpnAccount
{
    public long ExpirationTime { get; init; }

    public string Name { get; init; } = "";

    public Secret? Password { get; init; }

    [JsonPropertyName("GroupID")]
    public string? GroupId { get; init; }

    public int Status { get; init; }

    public string PlanName { get; init; } = "";

    public string PlanTitle { get; init; } = "";

    /// <summary>The highest server tier the plan may use (0 free, 2 Plus, 3 visionary).</summary>
    public int MaxTier { get; init; }

    public int MaxConnect { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public bool NeedConnectionAllocation { get; init; }
}
