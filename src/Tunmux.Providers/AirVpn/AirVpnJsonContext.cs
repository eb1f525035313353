using System.Text.Json.Serialization;
using Tunmux.Providers.Proton.Api;

namespace Tunmux.Providers.AirVpn;

/// <summary>JSON for the files tunmux keeps for AirVPN (secrets written in clear, files are 0600).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(SecretJsonConverter)])]
[JsonSerializable(typeof(AirVpnSession))]
[JsonSerializable(typeof(AirVpnCachedManifest))]
[JsonSerializable(typeof(AirVpnSelection))]
[JsonSerializable(typeof(Web.AirVpnWebState))]
internal sealed partial class AirVpnJsonContext : JsonSerializerContext
{
}
