namespace Tunmux.Providers.Proton.Sessions;

/// <summary>
/// Where a two-factor code comes from when the account needs one: a --2fa flag, a prompt, or a TOTP
/// secret file. Asked only after the password was accepted.
/// </summary>
public interface ITwoFactorSource
{
    /// <summary>The code, or null when none can be had (then the login fails with TwoFactorRequired).</summary>
    Task<string?> GetCodeAsync(CancellationToken cancellationToken);
}

/// <summary>A code known up front (the --2fa flag), or none.</summary>
public sealed class FixedTwoFactorCode(string? code) : ITwoFactorSource
{
    public static readonly FixedTwoFactorCode None = new(null);

    public Task<string?> GetCodeAsync(CancellationToken cancellationToken) => Task.FromResult(code);
}
