namespace Tunmux.Testing.TestServers.Proton;

/// <summary>A session the test server opened.</summary>
internal sealed class TestSession(string uid, AccountRecord account)
{
    public string Uid { get; } = uid;

    public AccountRecord Account { get; } = account;

    public string AccessToken { get; set; } = "";

    public string RefreshToken { get; set; } = "";

    public DateTimeOffset AccessExpires { get; set; }

    /// <summary>Password accepted, TOTP not yet: only /auth/v4/2fa and logout are allowed.</summary>
    public bool SecondFactorPending { get; set; }
}
