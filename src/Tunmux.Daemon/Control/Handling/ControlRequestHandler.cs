using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Tunmux.Api.Model;
using Tunmux.Daemon.Control.Protocol;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Control.Handling;

/// <summary>
/// Answers the typed control requests. Each body is decoded into its request type (unknown members
/// refused), its fields checked, root-only choices refused for other peers, and only then handed to
/// the engine. Replies are data (reports); the client renders them. Nothing here parses a command
/// line or opens a path a request names.
/// </summary>
public sealed class ControlRequestHandler(IControlOperations operations, ForwardedFileStore files) : IControlHandler
{
    // Changes go one at a time, so the forwarded files a change stores are never pruned by another.
    private readonly SemaphoreSlim _oneChangeAtATime = new(1, 1);

    public async Task<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        var json = ControlJsonContext.Default;
        return request.Kind switch
        {
            RequestKinds.Ping => Reply(new PingReply(Environment.ProcessId, ControlProtocol.Version, peer.Uid), json.PingReply),
            RequestKinds.Apply => await AnswerAsync(request, json.ApplyRequest, RequestValidator.Check, r => ApplyAsync(r, peer, cancellationToken), json.OperationReport),
            RequestKinds.Diff => await AnswerAsync(request, json.DiffRequest, RequestValidator.Check, r => DiffAsync(r, peer, cancellationToken), json.OperationReport),
            RequestKinds.Delete => await AnswerAsync(request, json.DeleteRequest, RequestValidator.Check, r => DeleteAsync(r, peer, cancellationToken), json.OperationReport),
            RequestKinds.Get => await AnswerAsync(request, json.GetRequest, RequestValidator.Check, r => GetAsync(r, peer, cancellationToken), json.ViewReport),
            RequestKinds.Describe => await AnswerAsync(request, json.DescribeRequest, RequestValidator.Check, _ => ViewAsync(peer, cancellationToken), json.ViewReport),
            RequestKinds.Status => await AnswerAsync(request, json.StatusRequest, _ => [], _ => ViewAsync(peer, cancellationToken), json.ViewReport),
            RequestKinds.Wait => await AnswerAsync(request, json.WaitRequest, RequestValidator.Check, r => WaitAsync(r, cancellationToken), json.WaitReply),
            _ => ControlResponse.Failure($"unknown request kind; the daemon answers {string.Join(", ", Kinds)}", ControlErrorCodes.UnknownKind),
        };
    }

    private static readonly string[] Kinds =
    [
        RequestKinds.Ping, RequestKinds.Apply, RequestKinds.Diff, RequestKinds.Delete, RequestKinds.Get,
        RequestKinds.Describe, RequestKinds.Status, RequestKinds.Wait,
    ];

    private static async Task<ControlResponse> AnswerAsync<TRequest, TReply>(
        ControlRequest request,
        JsonTypeInfo<TRequest> requestType,
        Func<TRequest, IReadOnlyList<string>> check,
        Func<TRequest, Task<TReply>> answer,
        JsonTypeInfo<TReply> replyType)
    {
        if (Decode(request.Body, requestType) is not { } typed)
        {
            return ControlResponse.Failure($"invalid {request.Kind} request: the body does not match the {request.Kind} request's fields", ControlErrorCodes.InvalidRequest);
        }

        var problems = check(typed);
        if (problems.Count > 0)
        {
            return ControlResponse.Failure($"invalid {request.Kind} request: {string.Join("; ", problems)}", ControlErrorCodes.InvalidRequest);
        }

        return Reply(await answer(typed).ConfigureAwait(false), replyType);
    }

    /// <summary>The typed request, or null; the reason is not returned, as the decoder's message may quote the client's text.</summary>
    private static TRequest? Decode<TRequest>(JsonObject? body, JsonTypeInfo<TRequest> type)
    {
        try
        {
            return (body ?? []).Deserialize(type);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return default;
        }
    }

    private static ControlResponse Reply<T>(T reply, JsonTypeInfo<T> type) =>
        ControlResponse.Success(JsonSerializer.SerializeToNode(reply, type) as JsonObject);

    private async Task<OperationReport> ApplyAsync(ApplyRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        await _oneChangeAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var input = Admit(request.Manifests, request.Files, peer);
            if (input.IsValid)
            {
                // The objects become the peer's (unless re-applied unchanged); a member's change may
                // not replace or remove what another uid declared, nor send a proxy through another
                // member's tunnel (it would pin it).
                var stored = operations.StoredObjects();
                var stamped = PeerPolicy.Stamp(stored, input.Objects, peer.Uid);
                var after = request.Prune ? stamped : DeclaredState.Merge(stored, stamped);
                IReadOnlyList<ManifestError> refused =
                    [.. PeerPolicy.RefuseTouchingOthers(stored, after, peer.Uid), .. PeerPolicy.RefuseOthersTunnels(stored, after, peer.Uid)];
                input = refused.Count == 0 ? input with { Objects = stamped } : input with { Errors = [.. input.Errors, .. refused] };
            }

            var report = input.IsValid
                ? await operations.ApplyAsync(input, request.Prune, request.DryRun, cancellationToken).ConfigureAwait(false)
                : OperationReport.Invalid(input.Errors);
            PruneFiles();
            return report;
        }
        finally
        {
            _oneChangeAtATime.Release();
        }
    }

    private async Task<OperationReport> DiffAsync(DiffRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        var report = await ApplyAsync(new ApplyRequest(request.Manifests, request.Files, request.Prune, DryRun: true), peer, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task<OperationReport> DeleteAsync(DeleteRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        Func<ManifestObject, bool>? selected;
        if (request.All)
        {
            selected = null;
        }
        else if (request.Kind is { } kind)
        {
            var kindName = kind.StartsWith("tunnel", StringComparison.Ordinal) ? TunnelManifest.KindName : ProxyManifest.KindName;
            var names = request.Names.ToHashSet(StringComparer.Ordinal);
            selected = o => o.Kind == kindName && names.Contains(o.Name);
        }
        else
        {
            // Only the objects' kinds and names matter: nothing a manifest references is read or stored.
            var input = ForwardedManifests.Load(request.Manifests);
            if (input.Objects.Count == 0 && !input.IsValid)
            {
                return OperationReport.Invalid(input.Errors);
            }

            var keys = input.Objects.Select(o => o.KindAndName).ToHashSet(StringComparer.Ordinal);
            selected = o => keys.Contains(o.KindAndName);
        }

        await _oneChangeAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // What the delete removes includes the proxies of a removed tunnel: a member may remove none another uid declared.
            var stored = operations.StoredObjects();
            var after = selected is null ? [] : DeclaredState.Remove(stored, selected).Remaining;
            var refused = PeerPolicy.RefuseTouchingOthers(stored, after, peer.Uid);
            if (refused.Count > 0)
            {
                return OperationReport.Invalid(refused);
            }

            var report = await operations.DeleteAsync(selected, request.DryRun, cancellationToken).ConfigureAwait(false);
            PruneFiles();
            return report;
        }
        finally
        {
            _oneChangeAtATime.Release();
        }
    }

    private async Task<ViewReport> GetAsync(GetRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(peer, cancellationToken).ConfigureAwait(false);
        var tunnels = request.Kind.StartsWith("tunnel", StringComparison.Ordinal);
        bool Wanted(string name) => request.Name is null || request.Name == name;
        return view with
        {
            Tunnels = tunnels ? view.Tunnels.Where(t => Wanted(t.Name)).ToList() : [],
            Proxies = tunnels ? [] : view.Proxies.Where(p => Wanted(p.Name)).ToList(),
        };
    }

    private Task<ViewReport> ViewAsync(PeerCredentials peer, CancellationToken cancellationToken) =>
        operations.ViewAsync(o => PeerPolicy.Redact(o, peer.Uid), cancellationToken);

    /// <summary>
    /// Hears the outcomes of the subjects' next passes (no polling): answers when all are Ready, when
    /// one cannot become Ready (marked settled, with the reason), or when the request's time is up.
    /// </summary>
    private async Task<WaitReply> WaitAsync(WaitRequest request, CancellationToken cancellationToken)
    {
        var verdicts = await operations.WaitAsync(request.Subjects, TimeSpan.FromMilliseconds(request.TimeoutMilliseconds), cancellationToken).ConfigureAwait(false);
        return new WaitReply(verdicts
            .Select(v => new ObjectReadiness(v.Subject, v.State == SubjectState.Ready, v.Reason, v.Message) { Settled = v.State != SubjectState.Pending, NoNewPass = v.NoFreshPass })
            .ToList());
    }

    /// <summary>The request's manifests as the daemon will keep them: loaded from text, files attached, root-only choices refused.</summary>
    private ManifestSet Admit(IReadOnlyList<ManifestText> manifests, IReadOnlyList<ReferencedFile> sent, PeerCredentials peer)
    {
        var loaded = ForwardedManifests.Load(manifests);
        if (!loaded.IsValid)
        {
            return loaded;
        }

        var refused = PeerPolicy.RefuseRootOnly(loaded, peer.Uid);
        return refused.IsValid ? ForwardedManifests.AttachFiles(refused, sent, files) : refused;
    }

    private void PruneFiles()
    {
        var inUse = operations.StoredObjects()
            .SelectMany(Api.ReferencedFiles.Of)
            .Select(r => r.Path)
            .Where(files.Owns)
            .ToHashSet(StringComparer.Ordinal);
        files.Prune(inUse);
    }
}
