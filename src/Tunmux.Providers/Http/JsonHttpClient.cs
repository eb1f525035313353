using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Tunmux.Providers.Http;

/// <summary>
/// A small JSON-over-HTTP client for provider APIs: a configurable base address (test servers,
/// mirrors), fixed headers on every request, a timeout per request, and one exception type
/// (<see cref="ProviderUnreachableException"/>) for "nothing answered". Replies of any status are
/// returned as text; interpreting them is the provider's job.
/// </summary>
public sealed class JsonHttpClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string _what;

    /// <param name="baseAddress">Paths are resolved against it; a trailing '/' is added when missing.</param>
    /// <param name="what">How errors name the API, e.g. "the Proton API".</param>
    /// <param name="headers">Sent with every request (user agent, app version).</param>
    /// <param name="handler">The transport; tests may pass their own. Disposed with this client.</param>
    public JsonHttpClient(Uri baseAddress, string what, IReadOnlyDictionary<string, string>? headers = null, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _what = what;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? DefaultTimeout,
            MaxResponseContentBufferSize = ResponseLimits.MaxResponseBytes,
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }
    }

    public Uri BaseAddress { get; }

    /// <param name="path">Relative to the base address, without a leading '/': "auth/v4/info?x=1".</param>
    /// <param name="json">The request body, or null for none.</param>
    /// <param name="headers">Extra headers for this request only (session tokens).</param>
    public async Task<HttpReply> SendAsync(HttpMethod method, string path, string? json, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = Json;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new HttpReply(response.StatusCode, body);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderUnreachableException(
                $"{_what} at {BaseAddress.Host} did not answer within {_http.Timeout.TotalSeconds:0} seconds", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ProviderUnreachableException($"cannot reach {_what} at {BaseAddress.Host}: {Reason(exception)}", exception);
        }
    }

    public Task<HttpReply> GetAsync(string path, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, headers, cancellationToken);

    public Task<HttpReply> PostAsync(string path, string json, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, headers, cancellationToken);

    public void Dispose() => _http.Dispose();

    private static string Reason(HttpRequestException exception) => exception.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => "the host name does not resolve",
        SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable } => "no route to the host",
        SocketException socket => socket.Message,
        AuthenticationException => "the TLS handshake failed (certificate not trusted?)",
        IOException => "the connection was closed before a reply",
        _ => exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name does not resolve",
            HttpRequestError.ConnectionError => "the connection failed",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            _ => exception.Message,
        },
    };
}
