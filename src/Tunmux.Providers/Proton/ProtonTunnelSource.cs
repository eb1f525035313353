using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Servers;
using Tunmux.Providers.Proton.Sessions;
using Tunmux.Providers.Proton.Storage;

namespace Tunmux.Providers.Proton;

/// <summary>
/// Resolves `provider: proton` tunnels: finds the account's session (logging in from
/// spec.account.credentialsFile when there is none or it was revoked), renews the certificate
/// when it is due, picks the server (keeping the one chosen before while it still matches and is
/// up) and returns the WireGuard config. Errors name the manifest field they concern.
/// </summary>
public sealed partial class ProtonTunnelSource(
    ProtonStore store,
    ProtonClientOptions clientOptions,
    TimeProvider? time = null,
    ILogger? logger = null,
    ProtonSourceOptions? options = null) : IProviderTunnelSource
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly ProtonSourceOptions _options = options ?? new ProtonSourceOptions();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IReadOnlyCollection<string> Providers { get; } = [ProviderNames.Proton];

    public ProtonStore Store => store;

    public async Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ResolveLockedAsync(tunnel, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtonException exception) when (exception.Problem is ProtonProblem.Unreachable or ProtonProblem.ServerError)
        {
            return ProviderResolution.Unavailable(exception.Message);
        }
        catch (ProtonException exception)
        {
            return ProviderResolution.Failed(FieldOf(exception.Problem), exception.Message);
        }
        catch (FormatException)
        {
            return ProviderResolution.Failed("spec.account", $"the stored Proton session in {store.Directory} is damaged: log in again with `tunmux proton login`");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ProviderResolution.Failed("spec.provider", $"cannot use the Proton folder {store.Directory}: {exception.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task MarkUnhealthyAsync(TunnelManifest tunnel, string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var choice = store.LoadChoice(tunnel.Name) ?? new ServerChoice(server, now);
            store.SaveChoice(tunnel.Name, choice with { Unhealthy = _options.Avoidance.Mark(choice.Unhealthy, server, now) });
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ProviderResolution> ResolveLockedAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
    {
        try
        {
            return await ResolveWithSessionAsync(tunnel, forceLogin: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtonException exception) when (exception.Problem == ProtonProblem.SessionExpired && tunnel.Spec.Account?.CredentialsFile is not null)
        {
            // Revoked (password change, "log out everywhere"): a host with credentials logs in again by itself.
            return await ResolveWithSessionAsync(tunnel, forceLogin: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ProviderResolution> ResolveWithSessionAsync(TunnelManifest tunnel, bool forceLogin, CancellationToken cancellationToken)
    {
        var spec = tunnel.Spec;
        using var handle = await OpenSessionAsync(spec, forceLogin, cancellationToken).ConfigureAwait(false);
        await EnsureCertificateAsync(handle, spec, cancellationToken).ConfigureAwait(false);

        var list = await new ProtonServerList(store, _time) { Ttl = _options.ServerListTtl }
            .GetAsync(handle.Client, refresh: false, cancellationToken).ConfigureAwait(false);
        if (list.Warning is { } warning)
        {
            LogServerListWarning(_logger, tunnel.Name, warning);
        }

        var query = SelectorMapping.ToQuery(spec.Server, handle.Session.MaxTier, spec.PortForwarding);
        var (matching, failure) = ServerSelector.Matching(list.Servers, query);
        if (failure is not null)
        {
            return ProviderResolution.Failed(
                SelectorMapping.FieldOf(failure.EmptiedBy!.Value),
                $"no server left after filter {SelectorMapping.Describe(failure.EmptiedBy.Value, query)}: {failure.Error}");
        }

        var chosen = await ChooseAsync(tunnel.Name, matching, spec.Server, cancellationToken).ConfigureAwait(false);
        var physical = chosen.FirstUsablePhysical!;
        return new ProviderResolution(ProtonWireGuard.Config(handle.Session.Keys().WireGuard.PrivateKey, physical), chosen.Name, []);
    }

    /// <summary>The session for spec.account; a credentials file logs in when there is none yet or it was revoked.</summary>
    private async Task<ProtonSessionHandle> OpenSessionAsync(TunnelSpec spec, bool forceLogin, CancellationToken cancellationToken)
    {
        var credentials = spec.Account?.CredentialsFile is { } file ? ProtonCredentials.Read(file) : null;
        // With a credentials file, the session is stored under the user name it logs in with.
        var username = credentials?.Username ?? spec.Account?.Name;
        if (!forceLogin && store.LoadSession(username) is { } stored)
        {
            return new ProtonSessionHandle(store, stored, clientOptions);
        }

        if (credentials is null)
        {
            throw ProtonException.NotLoggedIn(username is null ? store.Directory : store.SessionPath(username));
        }

        return await LoginAsync(credentials, spec, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProtonSessionHandle> LoginAsync(ProtonCredentials credentials, TunnelSpec spec, CancellationToken cancellationToken)
    {
        LogUnattendedLogin(_logger, credentials.Username);
        using var client = new ProtonClient(clientOptions);
        var session = await new ProtonLogin(client, _time)
            .LoginAsync(credentials.Username, credentials.Password.Reveal(), credentials.TwoFactor(_time), spec.PortForwarding, cancellationToken)
            .ConfigureAwait(false);
        store.SaveSession(session, makeDefault: store.DefaultUsername is null);
        return new ProtonSessionHandle(store, session, clientOptions);
    }

    private async Task EnsureCertificateAsync(ProtonSessionHandle handle, TunnelSpec spec, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            if (await handle.EnsureCertificateAsync(spec.PortForwarding, now, _options.CertificateMargin, cancellationToken).ConfigureAwait(false))
            {
                LogCertificateRenewed(_logger, handle.Session.Username, handle.Session.CertificateExpires);
            }
        }
        catch (ProtonException exception) when (exception.Problem is ProtonProblem.Unreachable or ProtonProblem.ServerError
            && handle.Session.CertificateExpires > now && !(spec.PortForwarding && !handle.Session.CertificatePortForwarding))
        {
            // Still valid: keep using it and try again on the next pass.
            LogRenewalPostponed(_logger, handle.Session.Username, handle.Session.CertificateExpires, exception.Message);
        }
    }

    /// <summary>Last time's server while it still matches and has not failed the tunnel since; else the best unmarked one.</summary>
    private async Task<LogicalServer> ChooseAsync(string tunnel, IReadOnlyList<LogicalServer> matching, ServerSelectorSpec? selector, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var previous = store.LoadChoice(tunnel);
        if (previous is not null
            && _options.Avoidance.Keeps(previous.Server, previous.ChosenAt, previous.Unhealthy, now)
            && matching.FirstOrDefault(s => ServerAvoidance.SameServer(s.Name, previous.Server)) is { } kept)
        {
            return kept;
        }

        var ordered = SelectorMapping.WantsLatency(selector)
            ? await LatencySort.SortAsync(matching, _options.LatencyProbe, cancellationToken).ConfigureAwait(false)
            : matching;
        var chosen = _options.Avoidance.Choose(ordered, s => s.Name, previous?.Unhealthy, now);
        store.SaveChoice(tunnel, new ServerChoice(chosen.Name, now, _options.Avoidance.Active(previous?.Unhealthy, now)));
        LogServerChosen(_logger, tunnel, chosen.Name);
        return chosen;
    }

    private static string FieldOf(ProtonProblem problem) => problem switch
    {
        ProtonProblem.NotLoggedIn or ProtonProblem.WrongPassword or ProtonProblem.TwoFactorRequired
            or ProtonProblem.TwoFactorRejected or ProtonProblem.SessionExpired or ProtonProblem.HumanVerification => "spec.account",
        ProtonProblem.CredentialsFile => "spec.account.credentialsFile",
        _ => "spec.provider",
    };

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Proton: logging in {Username} from its credentials file")]
    private static partial void LogUnattendedLogin(ILogger logger, string username);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Proton: renewed the certificate of {Username}; valid until {Expires:u}")]
    private static partial void LogCertificateRenewed(ILogger logger, string username, DateTimeOffset expires);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Proton: certificate of {Username} (valid until {Expires:u}) not renewed yet: {Reason}")]
    private static partial void LogRenewalPostponed(ILogger logger, string username, DateTimeOffset expires, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Proton: tunnel {Tunnel}: {Warning}")]
    private static partial void LogServerListWarning(ILogger logger, string tunnel, string warning);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Proton: tunnel {Tunnel} uses server {Server}")]
    private static partial void LogServerChosen(ILogger logger, string tunnel, string server);
}
