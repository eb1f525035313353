using System.Net;
using System.Text.Json;
using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn.Web;

/// <summary>
/// A logged-in session on airvpn.org's account pages: cookies kept between runs, redirects
/// followed by hand (to pass the entry gate), the per-page CSRF token scraped once and
/// reused, fetched again once when the site calls it invalid, and a fresh login when the
/// session has expired.
/// </summary>
public sealed class AirVpnWebClient : IDisposable
{
    private const int MaxRedirects = 10;

    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly AirVpnCredentials _credentials;
    private readonly Dictionary<string, Secret> _tokens;
    private bool _loggedInNow;

    public AirVpnWebClient(Uri baseUri, AirVpnCredentials credentials, AirVpnWebState? saved, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        _base = baseUri;
        _credentials = credentials;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, UseCookies = true, AllowAutoRedirect = false }, disposeHandler: true)
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            MaxResponseContentBufferSize = Http.ResponseLimits.MaxResponseBytes,
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "tunmux");
        _tokens = new Dictionary<string, Secret>(saved?.CsrfTokens ?? new Dictionary<string, Secret>(), StringComparer.Ordinal);
        foreach (var cookie in saved?.Cookies ?? [])
        {
            _cookies.Add(new Cookie(cookie.Name, cookie.Value.Reveal(), cookie.Path, cookie.Domain) { Secure = cookie.Secure, Expires = cookie.Expires?.UtcDateTime ?? DateTime.MinValue });
        }
    }

    /// <summary>What to save so the next run reuses this session.</summary>
    public AirVpnWebState State => new()
    {
        Cookies =
        [
            .. _cookies.GetAllCookies().Where(c => !c.Expired).Select(c => new AirVpnWebCookie(
                c.Name, new Secret(c.Value), c.Domain, c.Path, c.Expires == DateTime.MinValue ? null : new DateTimeOffset(c.Expires.ToUniversalTime()), c.Secure)),
        ],
        CsrfTokens = new Dictionary<string, Secret>(_tokens, StringComparer.Ordinal),
    };

    /// <summary>The login form: csrfKey and ref from the page, then the credentials; success is a redirect.</summary>
    public async Task LoginAsync(CancellationToken cancellationToken)
    {
        var (page, _) = await GetAsync("/login/", cancellationToken).ConfigureAwait(false);
        var csrfKey = AirVpnWebPages.InputValue(page, "csrfKey")
            ?? throw new AirVpnWebException($"the login page of {_base.Host} has no login form (csrfKey not found)");
        using var form = new FormUrlEncodedContent(
        [
            KeyValuePair.Create("csrfKey", csrfKey),
            KeyValuePair.Create("ref", AirVpnWebPages.InputValue(page, "ref") ?? ""),
            KeyValuePair.Create("auth", _credentials.Login),
            KeyValuePair.Create("password", _credentials.Password.Reveal()),
            KeyValuePair.Create("remember_me", "1"),
            KeyValuePair.Create("_processLogin", "usernamepassword"),
        ]);
        using var response = await SendAsync(HttpMethod.Post, Resolve("/login/"), form, cancellationToken).ConfigureAwait(false);
        if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } next)
        {
            throw new AirVpnWebException($"{_base.Host} refused the web login (HTTP {(int)response.StatusCode}): wrong user name or password?");
        }

        await GetAsync(new Uri(Resolve("/login/"), next).AbsoluteUri, cancellationToken).ConfigureAwait(false);
        _tokens.Clear();
        _loggedInNow = true;
    }

    /// <summary>POSTs `action=...` with render=ajax and the page's ecsrf; returns the JSON reply.</summary>
    public async Task<JsonElement> AjaxAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(path, cancellationToken).ConfigureAwait(false);
            using var form = new FormUrlEncodedContent([.. parameters, KeyValuePair.Create("render", "ajax"), KeyValuePair.Create("ecsrf", token.Reveal())]);
            using var response = await SendAsync(HttpMethod.Post, Resolve(path), form, cancellationToken).ConfigureAwait(false);
            if (IsRedirect(response.StatusCode) && attempt == 0)
            {
                // Sent to the login page: the saved session expired.
                await LoginAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new AirVpnWebException($"{_base.Host}{path} answered HTTP {(int)response.StatusCode}");
            }

            JsonElement reply;
            try
            {
                using var document = JsonDocument.Parse(body);
                reply = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new AirVpnWebException($"{_base.Host}{path} did not answer JSON ({body.Length} bytes)");
            }

            if (reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                && error.GetString() is { Length: > 0 } message)
            {
                if (message.Contains("CSRF", StringComparison.OrdinalIgnoreCase) && attempt == 0)
                {
                    _tokens.Remove(path);
                    continue;
                }

                throw new AirVpnWebException($"airvpn.org: {message.Trim()}");
            }

            return reply;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<Secret> TokenAsync(string path, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(path, out var cached))
        {
            return cached;
        }

        var (page, landed) = await GetAsync(path, cancellationToken).ConfigureAwait(false);
        var token = AirVpnWebPages.CsrfToken(page);
        if (token is null && landed.AbsolutePath.StartsWith("/login", StringComparison.Ordinal) && !_loggedInNow)
        {
            await LoginAsync(cancellationToken).ConfigureAwait(false);
            (page, _) = await GetAsync(path, cancellationToken).ConfigureAwait(false);
            token = AirVpnWebPages.CsrfToken(page);
        }

        var secret = new Secret(token ?? throw new AirVpnWebException($"no CSRF token on {_base.Host}{path}: the page changed, or the login did not take"));
        _tokens[path] = secret;
        return secret;
    }

    /// <summary>GET with redirects followed by hand, solving the entry gate on the way; the final body and address.</summary>
    private async Task<(string Body, Uri Url)> GetAsync(string pathOrUrl, CancellationToken cancellationToken)
    {
        var url = Resolve(pathOrUrl);
        for (var hop = 0; hop < MaxRedirects; hop++)
        {
            using var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), url);
            }

            var next = new Uri(url, location);
            if (next.AbsolutePath.StartsWith("/entry", StringComparison.Ordinal) && Query(next, "aek_id") is { } aekId)
            {
                _cookies.Add(new Cookie(AirVpnEntryGate.CookieName, AirVpnEntryGate.Af3(aekId).ToString(System.Globalization.CultureInfo.InvariantCulture), "/", _base.Host));
                next = Query(next, "aek_url") is { } original ? new Uri(url, original) : url;
            }

            url = next;
        }

        throw new AirVpnWebException($"{_base.Host} redirected more than {MaxRedirects} times");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new AirVpnWebException($"cannot reach {_base.Host}: {exception.HttpRequestError}", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AirVpnWebException($"{_base.Host} did not answer in time", exception);
        }
    }

    private Uri Resolve(string pathOrUrl) => new(_base, pathOrUrl);

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    private static string? Query(Uri url, string name) =>
        url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(parts => parts.Length == 2 && parts[0] == name)
            .Select(parts => Uri.UnescapeDataString(parts[1].Replace('+', ' ')))
            .FirstOrDefault();
}
