using System.Text.Json;
using System.Text.Json.Serialization;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Rendering;

/// <summary>
/// Source-generated JSON metadata for what the CLI prints (camelCase, indented): no reflection,
/// so <c>get -o json|yaml</c> works in the Native AOT build.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(TunnelStatus))]
[JsonSerializable(typeof(ProxyStatus))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
