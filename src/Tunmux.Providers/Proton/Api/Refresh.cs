using System.Text.Json.Serialization;
using Tunmux.Core.Model;

namespace Tunmux.Providers.Proton.Api;

/// <summary>`POST /auth/v4/refresh` body: trade the refresh token for a new token pair.</summary>
public sealed record RefreshRequest
{
    [JsonPropertyName("UID")]
    public required string Uid { get; init; }

    public required Secret RefreshToken { get; init; }

    public string ResponseType { get; init; } = "token";

    public string GrantType { get; init; } = "refresh_token";

    [JsonPropertyName("RedirectURI")]
    public string RedirectUri { get; init; } = "http://protonmail.ch";
}

/// <summary>`POST /auth/v4/refresh` reply.</summary>
public sealed record RefreshResponse : ProtonApiResponse
{
    [JsonPropertyName("UID")]
    public string? Uid { get; init; }

    public Secret? AccessToken { get; init; }

    public Secret? RefreshToken { get; init; }
}
