using System.Net.Http.Headers;
using System.Text;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Calls AirVPN's encrypted bootstrap API: each request gets a fresh AES key wrapped with the
/// provider's RSA key and is POSTed to the bootstrap addresses in order until one answers with
/// a reply that decrypts. A reply that decrypts but says no (wrong password) is final: the
/// other addresses would say the same.
/// </summary>
public sealed class AirVpnBootstrapClient(HttpClient http, AirVpnProvider provider, AirVpnClientIdentity? identity = null, TimeSpan? timeout = null)
{
    private static readonly MediaTypeHeaderValue FormType = new(AirVpnEncodedRequest.ContentType);

    private readonly AirVpnClientIdentity _identity = identity ?? AirVpnClientIdentity.ForThisMachine();
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(20);

    public AirVpnProvider Provider => provider;

    public async Task<AirVpnUser> FetchUserAsync(AirVpnCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var xml = await FetchXmlAsync(AirVpnRequests.User(credentials.Login, credentials.Password, _identity), cancellationToken).ConfigureAwait(false);
        return AirVpnXml.ParseUser(xml);
    }

    public async Task<AirVpnManifest> FetchManifestAsync(AirVpnCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var xml = await FetchXmlAsync(AirVpnRequests.Manifest(credentials.Login, credentials.Password, _identity), cancellationToken).ConfigureAwait(false);
        return AirVpnXml.ParseManifest(xml);
    }

    /// <summary>The decrypted XML of the first address that answers; every failure is named when none does.</summary>
    public async Task<string> FetchXmlAsync(AirVpnRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (provider.BootstrapUrls.Count == 0)
        {
            throw new AirVpnApiException("No AirVPN bootstrap address is configured.", AirVpnFailure.Unreachable);
        }

        var failures = new List<string>();
        var anyAnswered = false;
        foreach (var url in provider.BootstrapUrls)
        {
            var sessionKey = AirVpnSessionKey.Generate();
            AirVpnEncodedRequest encoded;
            using (var serverKey = provider.CreateServerKey())
            {
                encoded = AirVpnRequestEncoder.Encode(request, sessionKey, serverKey);
            }

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_timeout);
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(encoded.FormBody, Encoding.ASCII),
                };
                message.Content.Headers.ContentType = FormType;
                message.Headers.TryAddWithoutValidation("User-Agent", _identity.UserAgent);
                using var response = await http.SendAsync(message, attempt.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    anyAnswered = true;
                    failures.Add($"{url}: HTTP {(int)response.StatusCode}");
                    continue;
                }

                var body = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
                try
                {
                    return AirVpnRequestEncoder.DecryptResponse(body, sessionKey);
                }
                catch (AirVpnApiException)
                {
                    anyAnswered = true;
                    failures.Add($"{url}: the reply is not encrypted with the request's key ({body.Length} bytes)");
                }
            }
            catch (HttpRequestException exception)
            {
                failures.Add($"{url}: {exception.HttpRequestError switch
                {
                    HttpRequestError.ConnectionError => "cannot connect",
                    HttpRequestError.NameResolutionError => "the host name does not resolve",
                    _ => exception.Message,
                }}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{url}: no answer within {_timeout.TotalSeconds:0} s");
            }
        }

        var summary = string.Join("; ", failures);
        throw anyAnswered
            ? new AirVpnApiException($"AirVPN's API gave no usable answer: {summary}", AirVpnFailure.Malformed)
            : new AirVpnApiException($"AirVPN's API is unreachable: {summary}", AirVpnFailure.Unreachable);
    }
}
