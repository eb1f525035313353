using System.Text.Json;
using System.Text.Json.Serialization;
using Tunmux.Core.Model;

namespace Tunmux.Providers.Proton.Api;

/// <summary>Reads and writes a <see cref="Secret"/> as its plain JSON string (for API traffic and 0600 files only).</summary>
public sealed class SecretJsonConverter : JsonConverter<Secret>
{
    public override Secret? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : new Secret(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Reveal());
    }
}
