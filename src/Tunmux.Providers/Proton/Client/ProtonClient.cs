using System.Net;
using Tunmux.Providers.Http;
using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Proton.Servers;

namespace Tunmux.Providers.Proton.Client;

/// <summary>
/// The Proton VPN API over HTTP: one method per endpoint tunmux uses. Authenticated calls send
/// x-pm-uid and the bearer token; a 401 refreshes the tokens once (reported through
/// <see cref="TokensRefreshed"/> so they can be stored) and retries. Every failure is a
/// <see cref="ProtonException"/> saying what a person can do about it.
/// </summary>
public sealed class ProtonClient : IDisposable
{
    public const int WrongCredentialsCode = 8002;
    public const int HumanVerificationCode = 9001;
    public const int InvalidRefreshTokenCode = 10013;

    private readonly JsonHttpClient _http;

    public ProtonClient(ProtonClientOptions options, ProtonTokens? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Tokens = tokens;
        _http = new JsonHttpClient(
            options.BaseUrl,
            "the Proton API",
            new Dictionary<string, string>
            {
                ["x-pm-appversion"] = options.AppVersion,
                ["User-Agent"] = options.UserAgent,
                ["Accept"] = "application/vnd.protonmail.v1+json",
            },
            options.Timeout,
            options.Handler);
    }

    public ProtonClientOptions Options { get; }

    /// <summary>The current session; null before login.</summary>
    public ProtonTokens? Tokens { get; set; }

    /// <summary>Called after a refresh replaced <see cref="Tokens"/>.</summary>
    public Func<ProtonTokens, CancellationToken, Task>? TokensRefreshed { get; set; }

    public Task<AuthInfoResponse> AuthInfoAsync(string username, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "auth/v4/info", ProtonJson.Serialize(new AuthInfoRequest(username)), ProtonJson.ParseAuthInfo, authenticated: false, cancellationToken);

    public Task<AuthResponse> AuthAsync(AuthRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "auth/v4", ProtonJson.Serialize(request), ProtonJson.ParseAuth, authenticated: false, cancellationToken);

    public Task TwoFactorAsync(string code, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "auth/v4/2fa", ProtonJson.Serialize(new TwoFactorRequest(code)), Envelope, authenticated: true, cancellationToken);

    public Task<VpnSettingsResponse> VpnSettingsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "vpn/v2", null, ProtonJson.ParseVpnSettings, authenticated: true, cancellationToken);

    public Task<CertificateResponse> CertificateAsync(CertificateRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "vpn/v1/certificate", ProtonJson.Serialize(request), ProtonJson.ParseCertificate, authenticated: true, cancellationToken);

    /// <summary>The server list; sent with the session when there is one (the API then reflects the account).</summary>
    public Task<LogicalsResponse> LogicalsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "vpn/v1/logicals?SecureCoreFilter=all", null, ProtonJson.ParseLogicals, authenticated: Tokens is not null, cancellationToken);

    /// <summary>Ends the session on the server (DELETE /auth/v4).</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        await SendAsync(HttpMethod.Delete, "auth/v4", null, Envelope, authenticated: true, cancellationToken).ConfigureAwait(false);
        Tokens = null;
    }

    /// <summary>Trades the refresh token for new tokens; a refusal means the session is over.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var tokens = Tokens ?? throw ProtonException.SessionExpired();
        var body = ProtonJson.Serialize(new RefreshRequest { Uid = tokens.Uid, RefreshToken = tokens.RefreshToken });
        var reply = await _http.PostAsync("auth/v4/refresh", body, UidHeader(tokens), cancellationToken).ConfigureAwait(false);
        if (reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
        {
            throw ProtonException.SessionExpired();
        }

        var refreshed = Interpret(reply, ProtonJson.ParseRefresh);
        if (refreshed.AccessToken is null || refreshed.RefreshToken is null)
        {
            throw new ProtonException(ProtonProblem.Malformed, "the Proton API's token refresh reply has no tokens");
        }

        Tokens = new ProtonTokens(string.IsNullOrEmpty(refreshed.Uid) ? tokens.Uid : refreshed.Uid, refreshed.AccessToken, refreshed.RefreshToken);
        if (TokensRefreshed is { } callback)
        {
            await callback(Tokens, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, string? body, Func<string, T> parse, bool authenticated, CancellationToken cancellationToken)
    {
        var reply = await SendOnceAsync(method, path, body, authenticated, cancellationToken).ConfigureAwait(false);
        if (reply.Status == HttpStatusCode.Unauthorized && authenticated)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            reply = await SendOnceAsync(method, path, body, authenticated, cancellationToken).ConfigureAwait(false);
            if (reply.Status == HttpStatusCode.Unauthorized)
            {
                throw ProtonException.SessionExpired();
            }
        }

        return Interpret(reply, parse);
    }

    private async Task<HttpReply> SendOnceAsync(HttpMethod method, string path, string? body, bool authenticated, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string>? headers = null;
        if (authenticated)
        {
            var tokens = Tokens ?? throw ProtonException.NotLoggedIn("this process");
            headers = new Dictionary<string, string>(UidHeader(tokens)) { ["Authorization"] = $"Bearer {tokens.AccessToken.Reveal()}" };
        }

        try
        {
            return await _http.SendAsync(method, path, body, headers, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderUnreachableException exception)
        {
            throw new ProtonException(ProtonProblem.Unreachable, exception.Message, inner: exception);
        }
    }

    private static Dictionary<string, string> UidHeader(ProtonTokens tokens) => new() { ["x-pm-uid"] = tokens.Uid };

    /// <summary>Reads a reply: Code 1000 is success, anything else becomes the matching problem.</summary>
    private static T Interpret<T>(HttpReply reply, Func<string, T> parse)
    {
        try
        {
            return parse(reply.Body);
        }
        catch (ProtonApiException exception) when (exception.Code == 0)
        {
            if ((int)reply.Status >= 500)
            {
                throw new ProtonException(ProtonProblem.ServerError, $"the Proton API failed (HTTP {(int)reply.Status}); try again later", inner: exception);
            }

            throw new ProtonException(
                ProtonProblem.Malformed,
                $"the Proton API answered HTTP {(int)reply.Status} with something that is not the expected JSON; is the API URL right?",
                inner: exception);
        }
        catch (ProtonApiException exception)
        {
            throw exception.Code switch
            {
                HumanVerificationCode => new ProtonException(
                    ProtonProblem.HumanVerification,
                    "Proton asks for human verification (a CAPTCHA), which tunmux cannot show: log in once on account.proton.me "
                    + "from this network, wait a while, then retry",
                    exception.Code,
                    exception),
                InvalidRefreshTokenCode => ProtonException.SessionExpired(),
                _ => new ProtonException(ProtonProblem.ServerError, $"the Proton API refused the request: {exception.Message}", exception.Code, exception),
            };
        }
    }

    private static ProtonApiResponse Envelope(string json)
    {
        ProtonJson.EnsureSuccess(json);
        return new EmptyResponse();
    }

    private sealed record EmptyResponse : ProtonApiResponse;
}
