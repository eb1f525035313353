using System.Text.Json.Serialization;

namespace Tunmux.Providers.Proton.Api;

/// <summary>`POST /auth/v4/info` body.</summary>
public sealed record AuthInfoRequest(string Username);

/// <summary>`POST /auth/v4/info` reply: the SRP parameters for the account.</summary>
public sealed record AuthInfoResponse : ProtonApiResponse
{
    public int Version { get; init; }

    /// <summary>The clearsigned base64 modulus; verify it with <see cref="Srp.SrpModulus.FromSignedMessage(string)"/>.</summary>
    public string Modulus { get; init; } = "";

    public string ServerEphemeral { get; init; } = "";

    public string Salt { get; init; } = "";

    [JsonPropertyName("SRPSession")]
    public string SrpSession { get; init; } = "";
}
