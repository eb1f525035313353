namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>
/// A request as RBAC sees it: verb, API group, resource, subresource, namespace. The fake records
/// each one, so tests compare the chart's rules with what the agent really called.
/// </summary>
public sealed record ApiRequest(string Verb, string Group, string Resource, string Subresource, string Namespace)
{
    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(Subresource.Length > 0 ? "/" + Subresource : "")}{(Namespace.Length > 0 ? " in " + Namespace : "")}";
}
