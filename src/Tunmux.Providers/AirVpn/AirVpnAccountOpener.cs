using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.Accounts;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Finds the login a tunnel names (spec.account): a stored login by name or the default, or a
/// credentials file whose device keys are fetched once and cached beside the daemon's state.
/// </summary>
internal static class AirVpnAccountOpener
{
    public static async Task<(AirVpnStore? Store, AirVpnSession? Session, ProviderProblem? Problem)> OpenAsync(
        AccountSpec? account, AirVpnSourceOptions options, CancellationToken cancellationToken)
    {
        if (account?.CredentialsFile is { } path)
        {
            AirVpnCredentials credentials;
            try
            {
                credentials = AirVpnCredentials.FromFile(CredentialsFile.Read(path));
            }
            catch (CredentialsFileException exception)
            {
                return (null, null, new ProviderProblem("spec.account.credentialsFile", exception.Message));
            }

            var store = new AirVpnStore(AccountDirectories.ForCredentialsFile(options.CredentialsRoot, path));
            var cached = store.LoadSession();
            if (cached is not null && cached.Login == credentials.Login && cached.Password.Equals(credentials.Password))
            {
                return (store, cached, null);
            }

            var user = await options.Client().FetchUserAsync(credentials, cancellationToken).ConfigureAwait(false);
            var session = new AirVpnSession { Login = credentials.Login, Password = credentials.Password, User = user, UserFetchedAt = options.Time.GetUtcNow() };
            store.SaveSession(session);
            return (store, session, null);
        }

        var directory = options.Accounts.Find(account?.Name, AirVpnStore.SessionMarker(options.Secrets));
        if (directory is null)
        {
            return account?.Name is { } name
                ? (null, null, new ProviderProblem("spec.account.name", $"no AirVPN login \"{name}\" is stored; run `tunmux airvpn login {name}`"))
                : (null, null, new ProviderProblem("spec.account", "no AirVPN login is stored; run `tunmux airvpn login USER` or set spec.account.credentialsFile"));
        }

        var opened = new AirVpnStore(directory, options.Secrets);
        return (opened, opened.LoadSession(), null);
    }
}
