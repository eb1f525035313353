using Tunmux.Linux.Netlink;

namespace Tunmux.Linux.Observation;

/// <summary>Reads the interfaces and routes inside a named network namespace; null when it cannot be read.</summary>
internal interface INamespaceRoutingReader
{
    NamespaceRouting? Read(string namespaceName);
}
