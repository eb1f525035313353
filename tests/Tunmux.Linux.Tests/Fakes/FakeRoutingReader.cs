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

    /// <summary>What the host namespace holds (links a build may have left there).</summary>
    public NamespaceRouting Host { get; set; } = new([], []);

    /// <summary>When set, reading the host namespace fails with it.</summary>
    public IOException? HostFailure { get; set; }

    public NamespaceRouting ReadHost(string? hostNamespace)
    {
        Reads.Add("host " + (hostNamespace ?? "(own)"));
        return HostFailure is { } failure ? throw failure : Host;
    }
}
