using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn.Web;

/// <summary>
/// Runs account-page work with the login's saved web session (cookies and CSRF tokens from
/// web_session.json) and saves the session back, so the next command does not log in again.
/// </summary>
public static class AirVpnWebSession
{
    public const string ApiKeyName = "tunmux";

    public static async Task<T> UseAsync<T>(AirVpnStore store, AirVpnSession session, Uri site, Func<AirVpnAccountPages, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(work);
        using var client = new AirVpnWebClient(site, session.Credentials, store.LoadWebState());
        try
        {
            return await work(new AirVpnAccountPages(client)).ConfigureAwait(false);
        }
        finally
        {
            cancellationToken.ThrowIfCancellationRequested();
            store.SaveWebState(client.State);
        }
    }

    /// <summary>
    /// The REST API key for the generator: the one stored with the login, else the account's
    /// first key, else a new key named "tunmux"; stored (0600) for next time.
    /// </summary>
    public static async Task<(Secret Key, AirVpnSession Session)> ApiKeyAsync(AirVpnStore store, AirVpnSession session, Uri site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        if (session.ApiKey is { } stored)
        {
            return (stored, session);
        }

        var key = await UseAsync(store, session, site, async pages =>
        {
            var keys = await pages.ApiKeysAsync(cancellationToken).ConfigureAwait(false);
            return keys.FirstOrDefault() ?? await pages.AddApiKeyAsync(ApiKeyName, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        var updated = session with { ApiKey = key.Secret };
        store.SaveSession(updated);
        return (key.Secret, updated);
    }
}
