using System.Text.Json.Serialization;
using Tunmux.Providers.Proton.Servers;

namespace Tunmux.Providers.Proton.Api;

/// <summary>
/// Source-generated JSON for the Proton API. Reading is case-insensitive because Proton
/// spells acronyms in capitals ("ID", "EntryIP"); writing uses the exact names above.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    Converters = [typeof(SecretJsonConverter)])]
[JsonSerializable(typeof(AuthInfoRequest))]
[JsonSerializable(typeof(AuthInfoResponse))]
[JsonSerializable(typeof(AuthRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(TwoFactorRequest))]
[JsonSerializable(typeof(VpnSettingsResponse))]
[JsonSerializable(typeof(CertificateRequest))]
[JsonSerializable(typeof(CertificateResponse))]
[JsonSerializable(typeof(VpnSessionsResponse))]
[JsonSerializable(typeof(LocationResponse))]
[JsonSerializable(typeof(LogicalsResponse))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(RefreshResponse))]
[JsonSerializable(typeof(ProtonErrorResponse))]
internal sealed partial class ProtonJsonContext : JsonSerializerContext;

/// <summary>Just the envelope, to read `Code` and `Error` of any reply.</summary>
internal sealed record ProtonErrorResponse : ProtonApiResponse;
