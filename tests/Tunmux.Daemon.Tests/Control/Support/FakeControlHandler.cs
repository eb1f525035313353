using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Tunmux.Daemon.Control;

namespace Tunmux.Daemon.Tests.Control.Support;

/// <summary>
/// A handler with a few kinds: ping, echo (returns its body), whoami (the peer), block (waits
/// until released) and throw. It records every request it receives.
/// </summary>
internal sealed class FakeControlHandler : IControlHandler
{
    public ConcurrentQueue<(ControlRequest Request, PeerCredentials Peer)> Received { get; } = new();

    public TaskCompletionSource BlockEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReleaseBlock { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        Received.Enqueue((request, peer));
        switch (request.Kind)
        {
            case "ping":
                return ControlResponse.Success(new JsonObject { ["pong"] = true });
            case "echo":
                return ControlResponse.Success((JsonObject?)request.Body?.DeepClone());
            case "whoami":
                return ControlResponse.Success(new JsonObject { ["pid"] = peer.Pid, ["uid"] = peer.Uid, ["gid"] = peer.Gid });
            case "block":
                BlockEntered.TrySetResult();
                await ReleaseBlock.Task.WaitAsync(cancellationToken);
                return ControlResponse.Success(new JsonObject { ["released"] = true });
            case "throw":
                throw new InvalidOperationException("handler detail that must stay in the log");
            default:
                return ControlResponse.Failure($"unknown kind {request.Kind}");
        }
    }
}
