namespace Tunmux.Providers.AirVpn;

/// <summary>
/// The two form fields of an AirVPN bootstrap POST: `s` (the RSA-wrapped session key) and
/// `d` (the AES-encrypted parameters), both base64.
/// </summary>
public sealed record AirVpnEncodedRequest(string S, string D)
{
    public const string ContentType = "application/x-www-form-urlencoded";

    /// <summary>`s=..&amp;d=..`, URL-encoded.</summary>
    public string FormBody => $"s={Uri.EscapeDataString(S)}&d={Uri.EscapeDataString(D)}";
}
