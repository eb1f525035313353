using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tunmux.Core.Model;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.State;

namespace Tunmux.Runtime.State;

/// <summary>
/// How the files in the state dir are written: camelCase JSON, enums by camelCase name, indented
/// for people reading them. Metadata is source-generated (<see cref="StateJsonContext"/>), so the
/// Native AOT build reads and writes them without reflection.
/// </summary>
internal static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        TypeInfoResolver = StateJsonContext.Default,
        Converters =
        {
            // One typed converter per enum: the untyped JsonStringEnumConverter needs runtime code generation.
            new JsonStringEnumConverter<BackendKind>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<ConditionStatus>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<HistoryEventType>(JsonNamingPolicy.CamelCase),
        },
    };

    public static JsonTypeInfo<T> TypeOf<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}

[JsonSerializable(typeof(TunnelRecord))]
[JsonSerializable(typeof(ProxyRecord))]
[JsonSerializable(typeof(PortForwardRecord))]
[JsonSerializable(typeof(SavedStatus))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
