using Tunmux.Core.Model;
using Tunmux.Providers.Accounts;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// An AirVPN login. AirVPN's bootstrap API has no tokens: every call carries the user name and
/// password, so an unattended tunnel needs the password stored (mode 0600) or in a credentials file.
/// </summary>
public sealed record AirVpnCredentials(string Login, Secret Password)
{
    /// <summary>A credentials file with `login` (or `username`) and `password`.</summary>
    public static AirVpnCredentials FromFile(CredentialsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var login = file.Get("login", "username", "user")?.Reveal();
        var password = file.Get("password");
        if (string.IsNullOrWhiteSpace(login) || password is null || password.Reveal().Length == 0)
        {
            throw new CredentialsFileException($"{file.Path} must hold `login:` and `password:` for AirVPN");
        }

        return new AirVpnCredentials(login.Trim(), password);
    }
}
