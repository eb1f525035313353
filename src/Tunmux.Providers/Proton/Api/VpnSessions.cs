using System.Text.Json.Serialization;

namespace Tunmux.Providers.Proton.Api;

/// <summary>`GET /vpn/sessions` reply: the account's active VPN sessions.</summary>
public sealed record VpnSessionsResponse : ProtonApiResponse
{
    public IReadOnlyList<VpnSession> Sessions { get; init; } = [];
}

public sealed record VpnSession
{
    [JsonPropertyName("SessionID")]
    public string SessionId { get; init; } = "";

    [JsonPropertyName("ExitIP")]
    public string ExitIp { get; init; } = "";

    public string Protocol { get; init; } = "";
}
