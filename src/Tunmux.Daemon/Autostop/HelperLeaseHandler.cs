using System.Text.Json.Nodes;
using Tunmux.Daemon.Control;
using Tunmux.Core.State;

namespace Tunmux.Daemon.Autostop;

/// <summary>
/// In front of an autostarted helper's request handler: every request counts as activity, and
/// two requests take and end a command's lease. A lease is the peer's process as the kernel
/// reports it (SO_PEERCRED pid plus its start time), never anything the request says, so it
/// also ends when that process dies.
/// </summary>
/// <param name="capture">The live process with this pid (its start time fixed), or null when it is gone.</param>
public sealed class HelperLeaseHandler(IControlHandler inner, HelperLeases leases, Func<int, ProcessRef?> capture, Func<ProcessRef, bool> isAlive) : IControlHandler
{
    public const string AcquireRequest = "lease-acquire";
    public const string ReleaseRequest = "lease-release";

    public Task<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(peer);
        leases.Touch();
        if (request.Kind is not (AcquireRequest or ReleaseRequest))
        {
            return inner.HandleAsync(request, peer, cancellationToken);
        }

        if (capture(peer.Pid) is not { } holder)
        {
            return Task.FromResult(ControlResponse.Failure("the process asking for a lease is gone"));
        }

        if (request.Kind == AcquireRequest)
        {
            leases.Acquire(holder);
        }
        else
        {
            leases.Release(holder);
        }

        return Task.FromResult(ControlResponse.Success(new JsonObject { ["leases"] = leases.LiveLeases(isAlive) }));
    }
}
