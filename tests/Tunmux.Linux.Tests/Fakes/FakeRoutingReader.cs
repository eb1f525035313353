using Tunmux.Linux.Netlink;
using Tunmux.Linux.Observation;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>Answers for the namespaces a test describes; any other reads as unreadable. Records what was read.</summary>
internal sealed class FakeRoutingReader : INamespaceRoutingReader
{
    public Dictionary<string, NamespaceRouting> Namespaces { get; } = new(StringComparer.Ordinal);

    public List<string> Reads { get; } = [];

    public NamespaceRouting? Read(string namespaceName)
    {
        Reads.Add(namespaceName);
        return Namespaces.GetValueOrDefault(namespaceName);
    }
}
