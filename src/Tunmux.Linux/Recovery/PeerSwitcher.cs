using Microsoft.Extensions.Logging;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Linux.Build;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Netns;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Recovery;

/// <summary>
/// Reconnect and failover in place: `wg setconf` inside the tunnel's namespace with the chosen
/// peer as the only one. setconf replaces the peer, so its session goes and the next packet
/// starts a real new handshake (with `wg set ... endpoint` alone a live session would simply be
/// kept). The interface, its addresses and its one route stay, so the namespace never gets a
/// way out that is not the tunnel.
/// </summary>
internal sealed class PeerSwitcher(ICommandRunner runner, IEndpointResolver resolver, HandshakePrompt prompt, ILogger logger)
{
    /// <summary>wg runs inside the namespace: a kernel interface is only found there; wireguard-go's socket is found from anywhere.</summary>
    public static HostCommand SetConf(string ns, string iface, string config) =>
        new(NetnsCommands.Exec(ns, "wg", "setconf", iface, "/dev/stdin").Argv, config, InputIsSecret: true);

    public async Task<TunnelRecord> SwitchAsync(TunnelRecord record, DesiredTunnel tunnel, int peerIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(tunnel);
        var index = tunnel.PeerIndex(peerIndex);
        var peer = tunnel.WireGuard.Peers[index];
        var endpoint = peer.Endpoint is { } configured ? await resolver.ResolveAsync(configured, cancellationToken).ConfigureAwait(false) : null;
        var config = tunnel.WireGuard with { Peers = [peer with { Endpoint = endpoint }] };
        var scrubber = SecretScrubber.For(tunnel.WireGuard);
        try
        {
            await runner.RunCheckedAsync(SetConf(record.Namespace, record.Interface, WgSetconfText.Render(config)), cancellationToken).ConfigureAwait(false);
        }
        catch (HostCommandException ex)
        {
            // wg may quote a malformed key back: the message is scrubbed, and the original not kept.
            throw new InvalidOperationException($"tunnel '{tunnel.Name}': reconfiguring peer {index + 1} failed: {scrubber.Scrub(ex.Message)}");
        }

        LinuxLog.PeerSwitched(logger, tunnel.Name, index + 1, endpoint ?? "(no endpoint)");
        prompt.Prompt(tunnel.Name, record.Namespace, config);
        return record with { ActivePeer = index };
    }
}
