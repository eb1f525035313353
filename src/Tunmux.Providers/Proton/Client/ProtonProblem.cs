namespace Tunmux.Providers.Proton.Client;

/// <summary>What went wrong talking to Proton, in terms a person can act on.</summary>
public enum ProtonProblem
{
    /// <summary>No stored session: `tunmux proton login` first.</summary>
    NotLoggedIn,

    /// <summary>Proton refused the user name or password (code 8002 at /auth/v4).</summary>
    WrongPassword,

    /// <summary>The account has two-factor authentication and no code was given.</summary>
    TwoFactorRequired,

    /// <summary>The two-factor code was refused.</summary>
    TwoFactorRejected,

    /// <summary>The session's tokens are expired or revoked and could not be refreshed.</summary>
    SessionExpired,

    /// <summary>Proton asks for a CAPTCHA (code 9001), which a CLI cannot answer.</summary>
    HumanVerification,

    /// <summary>The API could not be reached at all.</summary>
    Unreachable,

    /// <summary>The API answered something that is not the expected JSON.</summary>
    Malformed,

    /// <summary>The API answered with an error of its own (HTTP 5xx, or a code tunmux has no better word for).</summary>
    ServerError,

    /// <summary>spec.account.credentialsFile cannot be read or lacks a field.</summary>
    CredentialsFile,

    /// <summary>The SRP exchange failed a check: unsigned or bad modulus, bad ephemeral, wrong server proof.</summary>
    AuthenticationFailed,
}
