using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Direct mode's part of Reconcile(key): a <c>mode: direct</c> tunnel has no namespace or proxy
/// lifecycle, so the loop hands its key here instead of to the <see cref="KeyReconciler"/>, and
/// treats the outcome like any other (waiters hear it, the error policy schedules what follows).
/// </summary>
public interface IDirectKeyReconciler
{
    /// <summary>Brings the host's direct-mode state (block, tunnel, routes, DNS) to the declared set and says where the key stands.</summary>
    Task<KeyOutcome> ReconcileAsync(string key, CancellationToken cancellationToken);
}

/// <summary>How a direct-mode pass maps onto the loop's closed set of outcomes.</summary>
public static class DirectKeyOutcomes
{
    /// <summary>How soon a tunnel that waits for its first handshake is looked at again.</summary>
    public static readonly TimeSpan HandshakeRecheck = TimeSpan.FromSeconds(5);

    /// <param name="key">The key the loop reconciled.</param>
    /// <param name="directTunnel">The direct tunnel the pass built, or null when none is declared (the key was torn down).</param>
    /// <param name="phase">The tunnel's phase after the pass, when one was built.</param>
    /// <param name="unresolved">Why the tunnel could not be resolved, when it could not (then nothing was built).</param>
    public static KeyOutcome Of(string key, string? directTunnel, (TunnelPhase Phase, Cause Cause)? phase, IReadOnlyList<ManifestError>? unresolved = null)
    {
        if (unresolved is { Count: > 0 })
        {
            var invalid = unresolved.Where(e => !e.Transient).ToList();
            return invalid.Count > 0
                ? new KeyOutcome.InvalidSpec(invalid)
                : new KeyOutcome.Unavailable(string.Join("; ", unresolved.Select(e => e.Message)));
        }

        if (directTunnel != key || phase is null)
        {
            return new KeyOutcome.Ready();
        }

        return phase.Value.Phase switch
        {
            TunnelPhase.Connected => new KeyOutcome.Ready(),
            TunnelPhase.Blocked => new KeyOutcome.Failed(phase.Value.Cause.Message),
            // Built, but no handshake yet: not a failure, just look again soon.
            _ => new KeyOutcome.RequeueAfter(HandshakeRecheck, phase.Value.Cause.Message),
        };
    }
}
