using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tunmux.Providers.AirVpn.Web;

/// <summary>
/// AirVPN's config generator (REST API, `api-key` header): WireGuard or OpenVPN configs for one
/// server (text) or several (a zip archive).
/// </summary>
public sealed class AirVpnGenerator(HttpClient http, Uri baseUri, Core.Model.Secret apiKey)
{
    /// <param name="protocol">AirVPN's protocol id, e.g. wireguard_3_udp_1637 or openvpn_1_udp_443.</param>
    public async Task<AirVpnGenerated> GenerateAsync(
        IReadOnlyList<string> servers, string protocol, string device, string entryLayer, string exitLayer, int mtu, int keepalive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/api/generator/"))
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("protocols", protocol),
                KeyValuePair.Create("servers", string.Join(",", servers)),
                KeyValuePair.Create("download", servers.Count > 1 ? "zip" : "auto"),
                KeyValuePair.Create("system", "linux"),
                KeyValuePair.Create("iplayer_entry", entryLayer),
                KeyValuePair.Create("iplayer_exit", exitLayer),
                KeyValuePair.Create("wireguard_mtu", mtu.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                KeyValuePair.Create("wireguard_persistent_keepalive", keepalive.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                KeyValuePair.Create("device", device),
            ]),
        };
        request.Headers.TryAddWithoutValidation("api-key", apiKey.Reveal());
        request.Headers.TryAddWithoutValidation("x-requested-with", "XMLHttpRequest");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new AirVpnWebException($"cannot reach {baseUri.Host}: {exception.HttpRequestError}", exception);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (Error(body) is { } error)
            {
                throw new AirVpnWebException($"AirVPN's generator: {error}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new AirVpnWebException($"AirVPN's generator answered HTTP {(int)response.StatusCode}");
            }

            var isZip = body.AsSpan().StartsWith("PK\u0003\u0004"u8);
            return new AirVpnGenerated(body, isZip, response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("text/plain"));
        }
    }

    /// <summary>"wg-1637" and "openvpn-udp-443" are short for AirVPN's ids; an id with '_' is passed as it is.</summary>
    public static string ProtocolId(string shortForm)
    {
        ArgumentNullException.ThrowIfNull(shortForm);
        var parts = shortForm.ToLowerInvariant().Split('-');
        return parts switch
        {
            _ when shortForm.Contains('_', StringComparison.Ordinal) => shortForm,
            ["wg" or "wireguard", var port] => $"wireguard_3_udp_{port}",
            ["ovpn" or "openvpn", var transport and ("udp" or "tcp"), var port] => $"openvpn_1_{transport}_{port}",
            _ => throw new AirVpnWebException($"unknown protocol \"{shortForm}\": use wg-PORT, openvpn-udp-PORT, openvpn-tcp-PORT or AirVPN's id (wireguard_3_udp_1637)"),
        };
    }

    private static string? Error(byte[] body)
    {
        if (body.Length == 0 || body[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString();
            }

            return root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.String && result.GetString() != "ok"
                ? result.GetString()
                : null;
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(body).Length > 0 ? null : "empty reply";
        }
    }
}

/// <summary>What the generator made: a config text or a zip archive of configs.</summary>
public sealed record AirVpnGenerated(byte[] Content, bool IsZip, MediaTypeHeaderValue ContentType);
