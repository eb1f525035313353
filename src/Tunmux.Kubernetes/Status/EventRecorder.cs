using k8s;
using k8s.Models;
using Tunmux.Api.Schema.Crd;

namespace Tunmux.Kubernetes.Status;

/// <summary>Records core/v1 Events about Tunnels and Proxies in the agent's namespace, from this node.</summary>
public sealed class EventRecorder(IKubernetes client, AgentOptions options, TimeProvider? time = null)
{
    private const string Component = "tunmux-agent";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task RecordAsync(CustomResourceKind kind, string name, string? uid, TransitionEvent transition, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var item = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // Unique per node and moment, as kubelet names its events: object.hex-time.
                Name = $"{name}.{options.NodeName}.{now.Ticks:x}",
                NamespaceProperty = options.Namespace,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = $"{CustomResourceKind.Group}/{CustomResourceKind.Version}",
                Kind = kind.Kind,
                Name = name,
                Uid = uid,
            },
            Type = transition.Type,
            Reason = transition.Reason,
            Message = transition.Message,
            Source = new V1EventSource { Component = Component, Host = options.NodeName },
            ReportingComponent = $"{CustomResourceKind.Group}/agent",
            ReportingInstance = options.NodeName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        await client.CoreV1.CreateNamespacedEventAsync(item, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
