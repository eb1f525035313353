using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Tunmux.Kubernetes.Status;

/// <summary>
/// The Lease "tunmux-agent-NODE" in the agent's namespace, renewed while the agent runs: its
/// renewTime shows the agent on that node alive, as kubelet's node Lease shows the node alive.
/// </summary>
public sealed class NodeLease(IKubernetes client, AgentOptions options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public int Renewals { get; private set; }

    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        V1Lease? lease;
        try
        {
            lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.Identity, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            lease = null;
        }

        if (lease is null)
        {
            var created = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = options.Identity, NamespaceProperty = options.Namespace },
                Spec = Spec(now, now),
            };
            await client.CoordinationV1.CreateNamespacedLeaseAsync(created, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var acquired = lease.Spec?.HolderIdentity == options.NodeName && lease.Spec.AcquireTime is { } at ? at : now;
            lease.Spec = Spec(acquired, now);
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.Identity, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        Renewals++;
    }

    private V1LeaseSpec Spec(DateTime acquired, DateTime renewed) => new()
    {
        HolderIdentity = options.NodeName,
        LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
        AcquireTime = acquired,
        RenewTime = renewed,
    };
}
