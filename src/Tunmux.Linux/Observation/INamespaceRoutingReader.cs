using Tunmux.Linux.Netlink;

namespace Tunmux.Linux.Observation;

/// <summary>Reads the interfaces and routes inside a named network namespace; null when it cannot be read.</summary>
internal interface INamespaceRoutingReader
{
    NamespaceRouting? Read(string namespaceName);

    /// <summary>
    /// The host namespace: the named one when tests or the lab name one, else this process's own.
    /// Throws <see cref="IOException"/> when it cannot be read (never "no links").
    /// </summary>
    NamespaceRouting ReadHost(string? hostNamespace);
}
