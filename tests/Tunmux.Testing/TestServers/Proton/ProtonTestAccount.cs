namespace Tunmux.Testing.TestServers.Proton;

/// <summary>An account the test server knows.</summary>
/// <param name="TotpSecret">Base32 TOTP secret; null when the account has no two-factor authentication.</param>
public sealed record ProtonTestAccount(string Username, string Password, string? TotpSecret = null, int MaxTier = 2, string PlanName = "vpnplus");
