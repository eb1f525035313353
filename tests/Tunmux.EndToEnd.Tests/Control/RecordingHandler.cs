using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Tunmux.Daemon.Control;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>Answers ping with the peer's uid and remembers every peer that reached it.</summary>
public sealed class RecordingHandler : IControlHandler
{
    public ConcurrentBag<PeerCredentials> Peers { get; } = [];

    public Task<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        Peers.Add(peer);
        return Task.FromResult(ControlResponse.Success(new JsonObject { ["pong"] = true, ["uid"] = peer.Uid }));
    }
}
