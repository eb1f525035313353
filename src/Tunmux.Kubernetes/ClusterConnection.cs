using k8s;

namespace Tunmux.Kubernetes;

/// <summary>The API client: the pod's service account in a cluster, or a kubeconfig file for development.</summary>
public static class ClusterConnection
{
    public static IKubernetes Open(AgentOptions options)
    {
        var config = options.Kubeconfig is { } path
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
            : KubernetesClientConfiguration.InClusterConfig();
        return new k8s.Kubernetes(config);
    }
}
