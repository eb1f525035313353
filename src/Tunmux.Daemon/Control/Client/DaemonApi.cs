using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Tunmux.Daemon.Control.Protocol;
using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Control.Client;

/// <summary>
/// The typed requests, one method each, over a <see cref="ControlClient"/>. A refusal throws
/// <see cref="DaemonCallException"/>; a reply that does not fit its type is a protocol error.
/// </summary>
public sealed class DaemonApi(ControlClient client)
{
    private static ControlJsonContext Json => ControlJsonContext.Default;

    public Task<PingReply> PingAsync(CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Ping, null, Json.PingReply, cancellationToken);

    public Task<OperationReport> ApplyAsync(ApplyRequest request, CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Apply, Encode(request, Json.ApplyRequest), Json.OperationReport, cancellationToken);

    public Task<OperationReport> DiffAsync(DiffRequest request, CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Diff, Encode(request, Json.DiffRequest), Json.OperationReport, cancellationToken);

    public Task<OperationReport> DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Delete, Encode(request, Json.DeleteRequest), Json.OperationReport, cancellationToken);

    public Task<ViewReport> GetAsync(GetRequest request, CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Get, Encode(request, Json.GetRequest), Json.ViewReport, cancellationToken);

    public Task<ViewReport> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Describe, Encode(request, Json.DescribeRequest), Json.ViewReport, cancellationToken);

    public Task<ViewReport> StatusAsync(CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Status, Encode(new StatusRequest(), Json.StatusRequest), Json.ViewReport, cancellationToken);

    public Task<WaitReply> WaitAsync(WaitRequest request, CancellationToken cancellationToken) =>
        CallAsync(RequestKinds.Wait, Encode(request, Json.WaitRequest), Json.WaitReply, cancellationToken);

    private static JsonObject Encode<T>(T request, JsonTypeInfo<T> type) => (JsonObject)JsonSerializer.SerializeToNode(request, type)!;

    private async Task<TReply> CallAsync<TReply>(string kind, JsonObject? body, JsonTypeInfo<TReply> type, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(kind, body, cancellationToken).ConfigureAwait(false);
        if (!response.Ok)
        {
            throw new DaemonCallException(response.Code, response.Error ?? "the daemon refused without a reason");
        }

        try
        {
            return (response.Body ?? []).Deserialize(type)
                ?? throw new ControlClientException(ControlClientFailure.ProtocolError, $"the daemon's {kind} reply is empty");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ControlClientException(ControlClientFailure.ProtocolError, $"the daemon's {kind} reply does not fit this client (another version?)", e);
        }
    }
}
