using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tunmux.Providers.Proton.Api;

/// <summary>Reads Proton API replies (failing on `Code` ≠ 1000) and writes request bodies.</summary>
public static class ProtonJson
{
    public static AuthInfoResponse ParseAuthInfo(string json) => Parse(json, ProtonJsonContext.Default.AuthInfoResponse);

    public static AuthResponse ParseAuth(string json) => Parse(json, ProtonJsonContext.Default.AuthResponse);

    public static VpnSettingsResponse ParseVpnSettings(string json) => Parse(json, ProtonJsonContext.Default.VpnSettingsResponse);

    public static CertificateResponse ParseCertificate(string json) => Parse(json, ProtonJsonContext.Default.CertificateResponse);

    public static VpnSessionsResponse ParseVpnSessions(string json) => Parse(json, ProtonJsonContext.Default.VpnSessionsResponse);

    public static LocationResponse ParseLocation(string json) => Parse(json, ProtonJsonContext.Default.LocationResponse);

    public static Servers.LogicalsResponse ParseLogicals(string json) => Parse(json, ProtonJsonContext.Default.LogicalsResponse);

    public static RefreshResponse ParseRefresh(string json) => Parse(json, ProtonJsonContext.Default.RefreshResponse);

    public static string Serialize(RefreshRequest request) => JsonSerializer.Serialize(request, ProtonJsonContext.Default.RefreshRequest);

    public static string Serialize(AuthInfoRequest request) => JsonSerializer.Serialize(request, ProtonJsonContext.Default.AuthInfoRequest);

    public static string Serialize(AuthRequest request) => JsonSerializer.Serialize(request, ProtonJsonContext.Default.AuthRequest);

    public static string Serialize(TwoFactorRequest request) => JsonSerializer.Serialize(request, ProtonJsonContext.Default.TwoFactorRequest);

    public static string Serialize(CertificateRequest request) => JsonSerializer.Serialize(request, ProtonJsonContext.Default.CertificateRequest);

    /// <summary>The `Code`/`Error` check alone, for replies whose body is not needed.</summary>
    public static void EnsureSuccess(string json) => Parse(json, ProtonJsonContext.Default.ProtonErrorResponse);

    private static T Parse<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : ProtonApiResponse
    {
        ArgumentNullException.ThrowIfNull(json);
        T? response;
        try
        {
            response = JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException exception)
        {
            throw new ProtonApiException($"The Proton API reply is not valid JSON for {typeof(T).Name}: {exception.Message}", exception);
        }

        if (response is null)
        {
            throw new ProtonApiException(0, "The Proton API reply is empty.");
        }

        if (response.Code != ProtonApiResponse.SuccessCode)
        {
            var message = string.IsNullOrWhiteSpace(response.Error) ? "no error message" : response.Error;
            throw new ProtonApiException(response.Code, $"Proton API error {response.Code}: {message}");
        }

        return response;
    }
}
