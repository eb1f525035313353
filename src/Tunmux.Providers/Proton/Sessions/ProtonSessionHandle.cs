using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Storage;

namespace Tunmux.Providers.Proton.Sessions;

/// <summary>
/// A stored session in use: a client carrying its tokens, and the store kept current when the
/// tokens are refreshed or the certificate renewed. Each change is written whole.
/// </summary>
public sealed class ProtonSessionHandle : IDisposable
{
    private readonly ProtonStore _store;

    public ProtonSessionHandle(ProtonStore store, ProtonSession session, ProtonClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        _store = store;
        Session = session;
        Client = new ProtonClient(options, session.Tokens)
        {
            TokensRefreshed = (tokens, _) =>
            {
                Session = Session.WithTokens(tokens);
                _store.SaveSession(Session, makeDefault: false);
                return Task.CompletedTask;
            },
        };
    }

    public ProtonSession Session { get; private set; }

    public ProtonClient Client { get; }

    /// <summary>
    /// Asks for a new certificate for the same key when the current one is due (within
    /// <paramref name="margin"/> of expiry or past Proton's refresh time) or lacks port forwarding.
    /// Returns whether it renewed. The WireGuard key does not change, so tunnels need no rebuild.
    /// </summary>
    public async Task<bool> EnsureCertificateAsync(bool portForwarding, DateTimeOffset now, TimeSpan margin, CancellationToken cancellationToken)
    {
        var missingFeature = portForwarding && !Session.CertificatePortForwarding;
        if (!missingFeature && !Session.CertificateNeedsRenewal(now, margin))
        {
            return false;
        }

        var issued = await ProtonCertificates.RequestAsync(Client, Session.Keys(), portForwarding || Session.CertificatePortForwarding, cancellationToken)
            .ConfigureAwait(false);
        Session = Session with
        {
            Certificate = issued.Pem,
            CertificateExpires = issued.Expires,
            CertificateRefresh = issued.Refresh,
            CertificatePortForwarding = issued.PortForwarding,
        };
        _store.SaveSession(Session, makeDefault: false);
        return true;
    }

    public void Dispose() => Client.Dispose();
}
