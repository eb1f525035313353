using Tunmux.Api.Files;
using Tunmux.Providers.Storage;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// How to reach AirVPN: the built-in key and bootstrap addresses, an Eddie provider file that
/// replaces both (TUNMUX_AIRVPN_PROVIDER_FILE, for test servers and key changes), and a URL list
/// that replaces the addresses (--api-url, then TUNMUX_AIRVPN_API_URL; comma-separated), and
/// the web site for account pages (--web-url, then TUNMUX_AIRVPN_WEB_URL).
/// </summary>
public static class AirVpnSettings
{
    public const string ProviderFileVariable = "TUNMUX_AIRVPN_PROVIDER_FILE";
    public const string WebVariable = "TUNMUX_AIRVPN_WEB_URL";
    public const string WebDefault = "https://airvpn.org";

    /// <summary>airvpn.org (account pages and the REST API), or --web-url / TUNMUX_AIRVPN_WEB_URL.</summary>
    public static Uri Web(string? webUrlFlag, Func<string, string?>? environment)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return new Uri(webUrlFlag is { Length: > 0 } flag ? flag : environment(WebVariable) is { Length: > 0 } value ? value : WebDefault);
    }

    public static AirVpnProvider Provider(string? apiUrlFlag, Func<string, string?>? environment)
    {
        environment ??= Environment.GetEnvironmentVariable;
        AirVpnProvider provider;
        try
        {
            provider = environment(ProviderFileVariable) is { Length: > 0 } file
                ? AirVpnProvider.FromEddieJson(ReferencedFile.ReadAllText(file))
                : AirVpnProvider.Default;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new AirVpnApiException($"{ProviderFileVariable} does not name a readable Eddie provider file: {exception.Message}", exception, AirVpnFailure.Unreachable);
        }

        try
        {
            return ApiEndpoints.AirVpnOverride(apiUrlFlag, environment) is { } urls
                ? provider with { BootstrapUrls = [.. urls.Select(url => url.AbsoluteUri.TrimEnd('/'))] }
                : provider;
        }
        catch (UriFormatException exception)
        {
            throw new AirVpnApiException("--api-url or TUNMUX_AIRVPN_API_URL holds something that is not a URL (expected http://HOST[:PORT], comma-separated)", exception, AirVpnFailure.Unreachable);
        }
    }
}
