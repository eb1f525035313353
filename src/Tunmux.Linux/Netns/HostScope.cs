using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Netns;

/// <summary>
/// Commands that act on "the host" namespace: the one this process runs in, or, when a host
/// namespace is named (tests, the lab), that one. WireGuard interfaces are created here so
/// their encrypted UDP socket stays here after the interface moves into the tunnel's namespace.
/// </summary>
internal sealed class HostScope(string? hostNamespace, HostPaths paths)
{
    public string? Namespace => hostNamespace;

    /// <summary>An ip command in the host namespace.</summary>
    public HostCommand Ip(params string[] args) =>
        hostNamespace is null ? new(["ip", .. args]) : NetnsCommands.Ip(hostNamespace, args);

    /// <summary>Any program in the host namespace.</summary>
    public IReadOnlyList<string> Argv(params string[] argv) =>
        hostNamespace is null ? argv : ["ip", "netns", "exec", hostNamespace, .. argv];

    /// <summary>The path a proxy worker opens to bind its listeners in the host namespace.</summary>
    public string NamespacePath =>
        hostNamespace is null ? $"/proc/{Environment.ProcessId}/ns/net" : paths.NamespaceFile(hostNamespace);
}
