using System.Text.Json.Serialization;
using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Proton.Sessions;

namespace Tunmux.Providers.Proton.Storage;

/// <summary>JSON of the files under the Proton folder (sessions hold secrets in clear: 0600 files only).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNameCaseInsensitive = true,
    Converters = [typeof(SecretJsonConverter)])]
[JsonSerializable(typeof(ProtonSession))]
[JsonSerializable(typeof(ServerCache))]
[JsonSerializable(typeof(DefaultAccount))]
[JsonSerializable(typeof(Dictionary<string, ServerChoice>))]
internal sealed partial class ProtonStoreJsonContext : JsonSerializerContext;
