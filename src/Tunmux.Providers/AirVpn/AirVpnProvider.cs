using System.Security.Cryptography;
using System.Text.Json;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// How to reach AirVPN's bootstrap API: the RSA-4096 public key requests are wrapped with and
/// the bootstrap URLs (plain HTTP, POST to the root), tried in order. Built-in values are
/// those of tunmux and Eddie (resources/providers/AirVPN.json); Eddie's JSON can be parsed too.
/// </summary>
public sealed record AirVpnProvider(string RsaModulusBase64, string RsaExponentBase64, IReadOnlyList<string> BootstrapUrls)
{
    public const string DefaultRsaModulus =
        "wuQXz7eZeEBwaaRsVK8iEHpueXoKyQzW8sr8qMUkZIcKtKv5iseXMrTbcGYGpRXdiqXp7FqrSjPSMDuRGaHfjWgjbnW4PwecmgJSfhkWt4xY8OnIwKkuI2Eo0MAa9lduPOQRKSfa9I1PBogIyEUrf7kSjcoJQgeY66D429m1BDWY3f65c+8HrCQ8qPg1GY+pSxuwp6+2dV7fd1tiKLQEoJg9NeWGW0he/DDkNSe4c8gFfHj3ANYwDhTQijb+VaVZqPmxVJIzLoE1JOom0/P8fKsvpx3cFOtDS4apiI+N7MyVAMcx5Jjk2AQ/tyDiybwwZ32fOqYJVGxs13guOlgI6h77QxqNIq2bGEjzSRZ4tem1uN7F8AoVKPls6yAUQK1cWM5AVu4apoNIFG+svS/2kmn0Nx8DRVDvKD+nOByXgqg01Y6r0Se8Tz9EEBTiEopdlKjmO1wlrmW3iWKeFIwZnHt2PMceJMqziV8rRGh9gUMLLJC9qdXCAS4vf5VVnZ+Pq3SK9pP87hOislIu4/Kcn06cotQChpVnALA83hFW5LXJvc85iloWJkuLGAV3CcAwoSA5CG1Uo2S76MM+GLLkVIqUk1PiJMTTlSw1SlMEflU4bZiZP8di5e2OJI6vOHjdM2oonpPi/Ul5KKmfp+jci+kGMs9+zOyjKFLVIKDE+Vc=";

    public const string DefaultRsaExponent = "AQAB";

    /// <summary>The bootstrap addresses tunmux uses, in order.</summary>
    public static readonly IReadOnlyList<string> TunmuxBootstrapUrls =
    [
        "http://54.93.175.114",
        "http://54.246.124.152",
        "http://54.225.156.17",
        "http://95.211.138.143",
    ];

    /// <summary>tunmux's defaults: the Eddie key and tunmux's four bootstrap addresses.</summary>
    public static AirVpnProvider Default { get; } = new(DefaultRsaModulus, DefaultRsaExponent, TunmuxBootstrapUrls);

    /// <summary>An RSA public key object for wrapping session keys; the caller disposes it.</summary>
    public RSA CreateServerKey()
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = Convert.FromBase64String(RsaModulusBase64),
            Exponent = Convert.FromBase64String(RsaExponentBase64),
        });
        return rsa;
    }

    /// <summary>The bootstrap URLs followed by those a fetched manifest listed, without repeats.</summary>
    public IReadOnlyList<string> UrlsWith(IEnumerable<string> manifestUrls)
    {
        ArgumentNullException.ThrowIfNull(manifestUrls);
        return [.. BootstrapUrls.Concat(manifestUrls).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Reads an Eddie provider definition (resources/providers/AirVPN.json).</summary>
    public static AirVpnProvider FromEddieJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var manifest = document.RootElement.GetProperty("manifest");
            var urls = manifest.TryGetProperty("urls", out var list)
                ? list.EnumerateArray().Select(url => url.GetProperty("address").GetString() ?? "").Where(url => url.Length > 0).ToList()
                : [];
            return new AirVpnProvider(
                manifest.GetProperty("auth_rsa_modulus").GetString() ?? "",
                manifest.GetProperty("auth_rsa_exponent").GetString() ?? "",
                urls);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("Not an Eddie provider definition with an RSA key.", exception);
        }
    }
}
