using System.Text.Json;
using System.Text.Json.Serialization;
using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Control.Protocol;

/// <summary>
/// The typed bodies of the control protocol, serialized by source-generated code (no reflection,
/// so it stays AOT-clean). Unknown members are refused, so a misspelt field never silently means
/// its default.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = ControlProtocol.MaxJsonDepth)]
[JsonSerializable(typeof(ApplyRequest))]
[JsonSerializable(typeof(DiffRequest))]
[JsonSerializable(typeof(DeleteRequest))]
[JsonSerializable(typeof(GetRequest))]
[JsonSerializable(typeof(DescribeRequest))]
[JsonSerializable(typeof(StatusRequest))]
[JsonSerializable(typeof(WaitRequest))]
[JsonSerializable(typeof(PingReply))]
[JsonSerializable(typeof(WaitReply))]
[JsonSerializable(typeof(OperationReport))]
[JsonSerializable(typeof(ViewReport))]
public sealed partial class ControlJsonContext : JsonSerializerContext;
