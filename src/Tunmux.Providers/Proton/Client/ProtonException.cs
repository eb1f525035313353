namespace Tunmux.Providers.Proton.Client;

/// <summary>
/// A failure of a Proton operation, with a message meant for the person running tunmux. Messages never
/// contain passwords, tokens or keys.
/// </summary>
public sealed class ProtonException : Exception
{
    public ProtonException(ProtonProblem problem, string message, int apiCode = 0, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        ApiCode = apiCode;
    }

    public ProtonProblem Problem { get; }

    /// <summary>Proton's `Code` when the API gave one, else 0.</summary>
    public int ApiCode { get; }

    public static ProtonException NotLoggedIn(string where) =>
        new(ProtonProblem.NotLoggedIn, $"not logged in to Proton (no session in {where}): run `tunmux proton login USERNAME` as the user that runs tunmux");

    public static ProtonException SessionExpired() =>
        new(ProtonProblem.SessionExpired, "the Proton session has expired or was revoked: log in again with `tunmux proton login`");
}
