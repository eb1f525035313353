using System.Globalization;
using Tunmux.Api.Validation;
using Tunmux.Core.Model;

namespace Tunmux.Api;

/// <summary>
/// The targets of <c>spec.health.probe</c>: an IP address or a host name, and a port. A name is
/// resolved inside the tunnel through the tunnel's own DNS server, never the host's: the probe
/// must see what the exit's users see.
/// </summary>
public static class ProbeAddress
{
    /// <summary>HOST:PORT or [IPV6]:PORT. <paramref name="error"/> is empty on success.</summary>
    public static bool TryParseTcp(string text, out ProbeHost host, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        host = new ProbeHost("", 0);
        if (NetworkText.EndpointError(text) is { } bad)
        {
            error = $"{bad}; expected HOST:PORT or [IPV6]:PORT";
            return false;
        }

        var colon = text.LastIndexOf(':');
        _ = NetworkText.TryParsePort(text[(colon + 1)..], out var port);
        host = new ProbeHost(Canonical(text[..colon].Trim('[', ']')), port);
        error = "";
        return true;
    }

    /// <summary>http://HOST[:PORT][/PATH][?QUERY]. <paramref name="error"/> is empty on success.</summary>
    public static bool TryParseUrl(string text, out ProbeUrl url, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        url = new ProbeUrl(new ProbeHost("", 0), "", "/");
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
                ? "https is not supported: the probe speaks plain HTTP; to check a TLS port use tcp: HOST:443"
                : $"the scheme {uri.Scheme} is not supported; use http://";
            return false;
        }

        var name = uri.IdnHost;
        var valid = uri.HostNameType switch
        {
            UriHostNameType.IPv4 or UriHostNameType.IPv6 => NetworkText.TryParseIp(name, out _),
            UriHostNameType.Dns => NetworkText.IsHostName(name),
            _ => false,
        };
        if (!valid)
        {
            error = $"\"{uri.Host}\" is neither an IP address nor a host name";
            return false;
        }

        if (uri.Port is < 1 or > 65535)
        {
            error = $"\"{uri.Host}\" has a bad port: expected 1-65535";
            return false;
        }

        var host = new ProbeHost(Canonical(name), uri.Port);
        var authority = uri.IsDefaultPort ? host.Bracketed : host.ToString();
        url = new ProbeUrl(host, authority, uri.PathAndQuery);
        error = "";
        return true;
    }

    /// <summary>IP literals in their usual form (::1, not 0:0:...); names in lower case.</summary>
    private static string Canonical(string host) =>
        NetworkText.TryParseIp(host, out var address) ? address.ToString() : host.ToLowerInvariant();
}

/// <summary>
/// A parsed probe URL: where to connect, the Host header to send (<paramref name="Authority"/>)
/// and the request target.
/// </summary>
public sealed record ProbeUrl(ProbeHost Target, string Authority, string PathAndQuery);
