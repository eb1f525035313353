using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tunmux.Core.Observed;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Direct;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Observation;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Build;

/// <summary>
/// The host side of sweeping WireGuard interfaces a build left in the host namespace (a crash
/// between creating the interface and moving it into the exit's namespace): lists the host's links
/// with their kind (rtnetlink), names the one direct mode keeps there, and deletes one by its exact
/// name after looking again that it is still a down WireGuard link. Which links are orphans is
/// decided in <see cref="OrphanInterfaces"/>.
/// </summary>
internal sealed class OrphanInterfaceSweeper(LinuxDriverOptions options, HostScope host, ICommandRunner runner, INamespaceRoutingReader routing, ILogger logger)
{
    public IReadOnlyList<HostLink> List(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return routing.ReadHost(host.Namespace).Links
            .Where(link => link.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(link => new HostLink(link.Name, link.Kind, link.AdminUp))
            .ToList();
    }

    /// <summary>Direct mode's interface, which its state names before the interface is created.</summary>
    public IReadOnlySet<string> Kept()
    {
        if (options.DirectStateDir is not { } folder)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        try
        {
            return new DirectStateFile(folder).Read().Interface is { } iface
                ? new HashSet<string>(StringComparer.Ordinal) { iface }
                : new HashSet<string>(StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new IOException($"direct mode's state in {folder} cannot be read ({ex.Message}), so its interface is unknown", ex);
        }
    }

    public async Task DeleteAsync(string iface, CancellationToken cancellationToken)
    {
        if (!options.Naming.IsInterfaceName(iface))
        {
            throw new ArgumentException($"interface '{iface}' is not a name tunmux gives (prefix '{options.Naming.InterfacePrefix}'), so it is not ours to delete", nameof(iface));
        }

        // Looked at again just before: only a link that is still a down WireGuard one goes.
        var link = routing.ReadHost(host.Namespace).Link(iface);
        if (link is null)
        {
            return;
        }

        if (link.AdminUp || link.Kind is not { } kind || !OrphanInterfaces.WireGuardKinds.Contains(kind, StringComparer.Ordinal))
        {
            LinuxLog.OrphanInterfaceKept(logger, iface, link.AdminUp ? "it is up now" : $"it is of kind {link.Kind ?? "(none)"} now");
            return;
        }

        var result = await runner.RunAsync(host.Ip("link", "del", "dev", iface), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !CommandErrors.IsGone(result))
        {
            throw new HostCommandException(host.Ip("link", "del", "dev", iface), result);
        }

        // wireguard-go ends once its device is gone and removes its socket; one killed earlier left the file.
        UapiSocket.RemoveIfStale(options.Paths.WireGuardSocket(iface));
        LinuxLog.OrphanInterfaceDeleted(logger, iface, kind);
    }
}
