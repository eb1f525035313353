using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn.Web;

/// <summary>
/// A saved airvpn.org web session (web_session.json, 0600): the cookie jar and the per-page
/// CSRF tokens, so the next command reuses the session instead of logging in again.
/// </summary>
public sealed record AirVpnWebState
{
    public IReadOnlyList<AirVpnWebCookie> Cookies { get; init; } = [];

    /// <summary>Page path ("/devices/") to its `ecsrf` token.</summary>
    public IReadOnlyDictionary<string, Secret> CsrfTokens { get; init; } = new Dictionary<string, Secret>();
}

public sealed record AirVpnWebCookie(string Name, Secret Value, string Domain, string Path, DateTimeOffset? Expires, bool Secure);
