using System.Text;

namespace Tunmux.Proxy.Http;

/// <summary>Checks "Proxy-Authorization: Basic base64(user:password)" against the configured credentials.</summary>
internal static class ProxyBasicAuth
{
    public static bool IsAuthorized(HttpHeaders headers, ProxyCredentials? credentials)
    {
        if (credentials is null)
        {
            return true;
        }

        var value = headers.Get("Proxy-Authorization");
        if (value is null || !value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(value[6..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            var colon = Array.IndexOf(decoded, (byte)':');
            return colon >= 0 && credentials.Matches(decoded.AsSpan(0, colon), decoded.AsSpan(colon + 1));
        }
        finally
        {
            Array.Clear(decoded);
        }
    }

    public static string Challenge => "Basic realm=\"tunmux\", charset=\"UTF-8\"";

    /// <summary>For tests and clients: the header value for a user and password.</summary>
    public static string Encode(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
}
