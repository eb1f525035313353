namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Logging in and refreshing: everything is fetched first and stored only when all of it
/// arrived, so a wrong password or an outage never leaves half a login behind.
/// </summary>
public static class AirVpnLogin
{
    public static async Task<AirVpnSession> LoginAsync(
        AirVpnBootstrapClient client, AirVpnCredentials credentials, AirVpnStore store, string? defaultDevice, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var user = await client.FetchUserAsync(credentials, cancellationToken).ConfigureAwait(false);
        if (defaultDevice is not null && AirVpnDevices.Find(user, defaultDevice) is null)
        {
            throw new AirVpnApiException($"AirVPN account {credentials.Login} has no device \"{defaultDevice}\"; devices: {AirVpnDevices.NamesOf(user)}", AirVpnFailure.Refused);
        }

        var manifest = await client.FetchManifestAsync(credentials, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var session = new AirVpnSession
        {
            Login = credentials.Login,
            Password = credentials.Password,
            User = user,
            UserFetchedAt = now,
            DefaultDevice = defaultDevice is null ? null : AirVpnDevices.Find(user, defaultDevice)!.Name,
            ApiKey = store.LoadSession() is { Login: var login, ApiKey: var apiKey } && login == credentials.Login ? apiKey : null,
        };
        store.SaveManifest(new AirVpnCachedManifest(manifest, now));
        store.SaveSession(session);
        return session;
    }

    /// <summary>Fetches the devices again (after one was added or renamed) and stores them.</summary>
    public static async Task<AirVpnSession> RefreshUserAsync(AirVpnBootstrapClient client, AirVpnSession session, AirVpnStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var user = await client.FetchUserAsync(session.Credentials, cancellationToken).ConfigureAwait(false);
        var refreshed = session with { User = user, UserFetchedAt = time.GetUtcNow() };
        store.SaveSession(refreshed);
        return refreshed;
    }

    public static async Task<AirVpnCachedManifest> RefreshManifestAsync(AirVpnBootstrapClient client, AirVpnCredentials credentials, AirVpnStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var manifest = new AirVpnCachedManifest(await client.FetchManifestAsync(credentials, cancellationToken).ConfigureAwait(false), time.GetUtcNow());
        store.SaveManifest(manifest);
        return manifest;
    }
}
