using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tunmux.Runtime.State;

/// <summary>How the files in the state dir are written: camelCase JSON, enums by name, indented for people reading them.</summary>
internal static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
