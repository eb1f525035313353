using System.Text.Json.Serialization;
using Tunmux.Core.Model;

namespace Tunmux.Providers.Proton.Api;

/// <summary>`POST /auth/v4` body: the client's SRP ephemeral and proof.</summary>
public sealed record AuthRequest
{
    public required string Username { get; init; }

    public required string ClientEphemeral { get; init; }

    public required string ClientProof { get; init; }

    [JsonPropertyName("SRPSession")]
    public required string SrpSession { get; init; }
}

/// <summary>`POST /auth/v4` reply.</summary>
public sealed record AuthResponse : ProtonApiResponse
{
    [JsonPropertyName("UID")]
    public string Uid { get; init; } = "";

    public Secret? AccessToken { get; init; }

    public Secret? RefreshToken { get; init; }

    public string TokenType { get; init; } = "";

    /// <summary>M2; compare with <see cref="Srp.SrpClientProofs.IsServerProofValid(string)"/> before trusting the session.</summary>
    public string ServerProof { get; init; } = "";

    [JsonPropertyName("2FA")]
    public TwoFactorStatus? TwoFactor { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Whether `/auth/v4/2fa` must be called with a TOTP code.</summary>
    public bool NeedsTotp => TwoFactor is { Enabled: not 0, Totp: not 0 };
}

public sealed record TwoFactorStatus
{
    public int Enabled { get; init; }

    [JsonPropertyName("TOTP")]
    public int Totp { get; init; }
}

/// <summary>`POST /auth/v4/2fa` body.</summary>
public sealed record TwoFactorRequest(string TwoFactorCode);
