using System.Globalization;
using Microsoft.Extensions.Logging;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Recovery;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Build;

/// <summary>
/// Builds a proxy-mode tunnel: a namespace whose only way out is a WireGuard interface that
/// was created in the host namespace and then moved in, so its encrypted UDP socket stays in
/// the host namespace. Each step that succeeds pushes its undo; a failure undoes them all
/// and reports the step.
/// </summary>
internal sealed class TunnelBuilder(
    LinuxDriverOptions options,
    HostScope host,
    ICommandRunner runner,
    IWireGuardProbe probe,
    WireGuardGoRunner wireGuardGo,
    NamespaceCleaner cleaner,
    HandshakePrompt prompt,
    TimeProvider time,
    ILogger logger)
{
    public async Task<TunnelRecord> CreateAsync(DesiredTunnel tunnel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        if (tunnel.Mode != TunnelMode.Proxy)
        {
            throw new NotSupportedException($"tunnel '{tunnel.Name}': mode {tunnel.Mode} is not supported by the Linux driver; use mode Proxy");
        }

        var ns = options.Naming.NamespaceFor(tunnel.Name);
        var iface = options.Naming.InterfaceFor(tunnel.Name);
        var config = tunnel.WireGuard;
        var scrubber = SecretScrubber.For(config);
        var undo = new UndoStack(logger);
        var step = "checking the configuration";
        try
        {
            // Only the active peer: the others are failover alternatives (see WithOnlyPeer).
            var activePeer = tunnel.PeerIndex(tunnel.ActivePeer);
            var setconf = WgSetconfText.Render(config.WithOnlyPeer(activePeer));
            var addresses = config.Addresses.Select(InterfaceAddress.Parse).ToList();
            if (addresses.Count == 0)
            {
                throw new ArgumentException("the tunnel has no interface address");
            }

            _ = ResolvConf.Render(config.Dns);

            step = Begin(tunnel, "choosing the WireGuard backend");
            var backend = await BackendSelector.SelectAsync(tunnel.Backend, probe, cancellationToken).ConfigureAwait(false);

            if (options.Paths.NamespaceExists(ns))
            {
                step = Begin(tunnel, "removing the stale namespace " + ns);
                await cleaner.RemoveAsync(ns, cancellationToken).ConfigureAwait(false);
                LinuxLog.StaleRemoved(logger, "namespace", ns);
            }

            step = Begin(tunnel, "creating the namespace");
            await RunAsync(NetnsCommands.Add(ns), cancellationToken).ConfigureAwait(false);
            undo.Push("delete namespace " + ns, () => cleaner.RemoveAsync(ns, CancellationToken.None));

            step = Begin(tunnel, "bringing up loopback");
            await RunAsync(NetnsCommands.Ip(ns, "link", "set", "lo", "up"), cancellationToken).ConfigureAwait(false);

            step = Begin(tunnel, $"creating the {Describe(backend)} interface {iface}");
            ProcessRef? wireGuardProcess = null;
            UndoStack.Entry? deleteHostInterface = null;
            if (backend == BackendKind.Kernel)
            {
                await RunAsync(host.Ip("link", "add", iface, "type", "wireguard"), cancellationToken).ConfigureAwait(false);
                deleteHostInterface = undo.Push("delete interface " + iface, () => runner.RunAsync(host.Ip("link", "del", iface), CancellationToken.None));
            }
            else
            {
                var process = await wireGuardGo.StartAsync(iface, cancellationToken).ConfigureAwait(false);
                wireGuardProcess = process;
                undo.Push("stop wireguard-go", () => wireGuardGo.StopAsync(process, iface, CancellationToken.None));
            }

            step = Begin(tunnel, "configuring WireGuard keys and peers (wg setconf)");
            await RunAsync(new HostCommand(host.Argv("wg", "setconf", iface, "/dev/stdin"), setconf, InputIsSecret: true), cancellationToken).ConfigureAwait(false);

            step = Begin(tunnel, $"moving {iface} into {ns}");
            await RunAsync(host.Ip("link", "set", iface, "netns", ns), cancellationToken).ConfigureAwait(false);
            deleteHostInterface?.Dismiss(); // from here on, deleting the namespace deletes the interface

            foreach (var address in addresses)
            {
                step = Begin(tunnel, "adding address " + address.Text);
                await RunAsync(NetnsCommands.Ip(ns, "addr", "add", address.Text, "dev", iface), cancellationToken).ConfigureAwait(false);
            }

            if (config.Mtu is { } mtu)
            {
                step = Begin(tunnel, "setting the MTU");
                await RunAsync(NetnsCommands.Ip(ns, "link", "set", iface, "mtu", mtu.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
            }

            step = Begin(tunnel, $"bringing {iface} up");
            await RunAsync(NetnsCommands.Ip(ns, "link", "set", iface, "up"), cancellationToken).ConfigureAwait(false);

            step = Begin(tunnel, "adding the default route");
            await RunAsync(NetnsCommands.Ip(ns, "route", "add", "default", "dev", iface), cancellationToken).ConfigureAwait(false);

            if (addresses.Any(address => address.IsIPv6))
            {
                step = Begin(tunnel, "adding the IPv6 default route");
                await RunAsync(NetnsCommands.Ip(ns, "-6", "route", "add", "default", "dev", iface), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // No IPv6 address: IPv6 gets an explicit unreachable default, so nothing in the
                // namespace can ever send IPv6 anywhere, even if an address or route appears later.
                step = Begin(tunnel, "blocking IPv6 (unreachable default route)");
                await BlockIPv6Async(ns, cancellationToken).ConfigureAwait(false);
            }

            step = Begin(tunnel, "writing /etc/netns/" + ns + "/resolv.conf");
            ResolvConf.Write(options.Paths, ns, config.Dns);

            LinuxLog.TunnelCreated(logger, tunnel.Name, ns, iface, backend.ToString());
            prompt.Prompt(tunnel.Name, ns, config);
            return new TunnelRecord(tunnel.Name, ns, iface, backend, tunnel.SpecHash, wireGuardProcess, time.GetUtcNow(), activePeer, tunnel.Server);
        }
        catch (Exception ex)
        {
            LinuxLog.RollingBack(logger, tunnel.Name, step);
            await undo.RollbackAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            // A tool may quote its input in its error (wg prints a malformed key back): scrub the
            // tunnel's secrets, and keep the original exception only when it holds none of them.
            throw new TunnelBuildException(tunnel.Name, step, scrubber.Scrub(ex.Message), scrubber.Contains(ex.ToString()) ? null : ex);
        }
    }

    /// <summary>The unreachable route is skipped only when the kernel has no IPv6 at all (then nothing can leak).</summary>
    private async Task BlockIPv6Async(string ns, CancellationToken cancellationToken)
    {
        var command = NetnsCommands.Ip(ns, "-6", "route", "add", "unreachable", "default");
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !result.StandardError.Contains("not supported", StringComparison.OrdinalIgnoreCase))
        {
            throw new HostCommandException(command, result);
        }
    }

    private string Begin(DesiredTunnel tunnel, string step)
    {
        LinuxLog.TunnelStep(logger, tunnel.Name, step);
        return step;
    }

    private Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken) =>
        runner.RunCheckedAsync(command, cancellationToken);

    private static string Describe(BackendKind backend) => backend == BackendKind.Kernel ? "kernel WireGuard" : "wireguard-go";
}
