using System.Net;
using System.Net.Sockets;
using Tunmux.Api.Validation;

namespace Tunmux.Api;

/// <summary>
/// The targets of <c>spec.health.probe</c>. Hosts are IP addresses: a probe runs inside the
/// tunnel's namespace, and this version does not resolve names there, so a name is refused
/// instead of being resolved through the host's DNS (which would not be the exit's view).
/// </summary>
public static class ProbeAddress
{
    private const string NoNames = "probes do not resolve host names yet; use the IP address";

    /// <summary>IP:PORT or [IPV6]:PORT. <paramref name="error"/> is empty on success.</summary>
    public static bool TryParseTcp(string text, out IPEndPoint endPoint, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        endPoint = new IPEndPoint(IPAddress.None, 0);
        if (NetworkText.EndpointError(text) is { } bad)
        {
            error = $"{bad}; expected IP:PORT or [IPV6]:PORT";
            return false;
        }

        var colon = text.LastIndexOf(':');
        var host = text[..colon].Trim('[', ']');
        if (!NetworkText.TryParseIp(host, out var address))
        {
            error = $"\"{host}\" is a host name: {NoNames}";
            return false;
        }

        _ = NetworkText.TryParsePort(text[(colon + 1)..], out var port);
        endPoint = new IPEndPoint(address, port);
        error = "";
        return true;
    }

    /// <summary>http://IP[:PORT][/PATH][?QUERY]. <paramref name="error"/> is empty on success.</summary>
    public static bool TryParseUrl(string text, out ProbeUrl url, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        url = new ProbeUrl(new IPEndPoint(IPAddress.None, 0), "", "/");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            error = $"\"{text}\" is not an absolute URL such as http://198.51.100.7/health";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            // The text is not repeated: it holds a password.
            error = "must not hold credentials (user:password@); the probe sends none";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            error = uri.Scheme == Uri.UriSchemeHttps
                ? "https is not supported: the probe speaks plain HTTP; to check a TLS port use tcp: IP:443"
                : $"the scheme {uri.Scheme} is not supported; use http://";
            return false;
        }

        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            || !NetworkText.TryParseIp(uri.IdnHost, out var address))
        {
            error = $"\"{uri.Host}\" is a host name: {NoNames}";
            return false;
        }

        if (uri.Port is < 1 or > 65535)
        {
            error = $"\"{text}\" has a bad port: expected 1-65535";
            return false;
        }

        var authority = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        if (!uri.IsDefaultPort)
        {
            authority += ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        url = new ProbeUrl(new IPEndPoint(address, uri.Port), authority, uri.PathAndQuery);
        error = "";
        return true;
    }
}

/// <summary>
/// A parsed probe URL: where to connect, the Host header to send (<paramref name="Authority"/>)
/// and the request target.
/// </summary>
public sealed record ProbeUrl(IPEndPoint EndPoint, string Authority, string PathAndQuery);
