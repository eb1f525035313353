using Tunmux.Core.Model;
using Tunmux.Api.Model;

namespace Tunmux.Api.Schema;

/// <summary>The field table of <c>kind: Tunnel</c>.</summary>
internal static class TunnelFields
{
    private static readonly StringShape Cidr = new();

    public static readonly ObjectShape<WireGuardPeerSpec> Peer =
        new ObjectShape<WireGuardPeerSpec>("The server this exit talks to.", () => new WireGuardPeerSpec())
            .Add(
                "publicKey",
                new StringShape { Pattern = ManifestLimits.WireGuardKeyPattern },
                "The server's public key: base64 of 32 bytes.",
                p => p.PublicKey,
                (p, v) => p with { PublicKey = (string)v })
            .Add(
                "endpoint",
                new StringShape(),
                "Where the server listens: HOST:PORT or [IPV6]:PORT.",
                p => p.Endpoint,
                (p, v) => p with { Endpoint = (string)v })
            .Add(
                "allowedIPs",
                new ListShape(Cidr),
                "Networks routed to the server, as CIDRs (0.0.0.0/0 and ::/0 for a full exit).",
                p => p.AllowedIPs,
                (p, v) => p with { AllowedIPs = Bound.Strings(v) })
            .Add(
                "presharedKeyFile",
                new StringShape { IsFilePath = true },
                "File holding the optional preshared key (base64), mode 0600; relative to the manifest's folder.",
                p => p.PresharedKeyFile,
                (p, v) => p with { PresharedKeyFile = (string)v })
            .Add(
                "persistentKeepalive",
                new IntegerShape { Minimum = ManifestLimits.MinKeepalive, Maximum = ManifestLimits.MaxKeepalive },
                "Seconds between keepalive packets; 0 turns them off.",
                p => p.PersistentKeepalive,
                (p, v) => p with { PersistentKeepalive = (int)v })
            .ForbidInlineSecret("presharedKey", "presharedKeyFile");

    public static readonly ObjectShape<WireGuardSpec> WireGuard =
        new ObjectShape<WireGuardSpec>(
            "A plain WireGuard exit: either configFile, or the inline fields (privateKeyFile, addresses, peer, ...).",
            () => new WireGuardSpec())
            .Add(
                "configFile",
                new StringShape { IsFilePath = true },
                "A wg-quick configuration file; relative to the manifest's folder. Excludes the inline fields.",
                w => w.ConfigFile,
                (w, v) => w with { ConfigFile = (string)v })
            .Add(
                "privateKeyFile",
                new StringShape { IsFilePath = true },
                "File holding this exit's private key (base64), mode 0600; relative to the manifest's folder.",
                w => w.PrivateKeyFile,
                (w, v) => w with { PrivateKeyFile = (string)v })
            .Add(
                "addresses",
                new ListShape(Cidr),
                "Addresses of the tunnel interface, as CIDRs (10.66.0.2/32).",
                w => w.Addresses,
                (w, v) => w with { Addresses = Bound.Strings(v) })
            .Add(
                "dns",
                new ListShape(new StringShape()),
                "Name server IP addresses used inside the tunnel's namespace.",
                w => w.Dns,
                (w, v) => w with { Dns = Bound.Strings(v) })
            .Add(
                "mtu",
                new IntegerShape { Minimum = ManifestLimits.MinMtu, Maximum = ManifestLimits.MaxMtu },
                "MTU of the tunnel interface; automatic when left out.",
                w => w.Mtu,
                (w, v) => w with { Mtu = (int)v })
            .Add(
                "peer",
                Peer,
                "The server.",
                w => w.Peer,
                (w, v) => w with { Peer = (WireGuardPeerSpec)v })
            .Add(
                "peers",
                new ListShape(Peer),
                "Instead of peer: several servers (for example one server at several endpoints) to fail over "
                + "between, in order. One is used at a time; the next takes over when it stops answering.",
                // Left out when empty so single-peer tunnels print as they are written.
                w => w.Peers.Count > 0 ? w.Peers : null,
                (w, v) => w with { Peers = Bound.Items<WireGuardPeerSpec>(v) })
            .ForbidInlineSecret("privateKey", "privateKeyFile");

    public static readonly ObjectShape<KillSwitchSpec> KillSwitch =
        new ObjectShape<KillSwitchSpec>("The direct tunnel's kill switch.", () => new KillSwitchSpec())
            .Add(
                "enabled",
                new BooleanShape(),
                "Block everything but the tunnel (default true).",
                k => k.Enabled,
                (k, v) => k with { Enabled = (bool)v },
                defaultValue: true)
            .Add(
                "allowLan",
                new BooleanShape(),
                "Also allow private, link-local and multicast ranges (DNS to them stays blocked).",
                k => k.AllowLan,
                (k, v) => k with { AllowLan = (bool)v },
                defaultValue: false)
            .Add(
                "lockdown",
                new BooleanShape(),
                "Keep the block with no tunnel declared or up, and apply it at boot before the network.",
                k => k.Lockdown,
                (k, v) => k with { Lockdown = (bool)v },
                defaultValue: false);

    public static readonly ObjectShape<TunnelSpec> Spec =
        new ObjectShape<TunnelSpec>("The desired tunnel.", () => new TunnelSpec())
            .Add(
                "provider",
                EnumShape.OfWords([.. ProviderNames.All]),
                "Who runs the server: wireguard (a plain configuration in spec.wireguard), or an account with "
                + "proton, airvpn or mullvad (server chosen by spec.server).",
                s => s.Provider,
                (s, v) => s with { Provider = (string)v },
                defaultValue: "wireguard")
            .Add(
                "mode",
                EnumShape.For<TunnelMode>(),
                "proxy: the tunnel lives in its own network namespace, reached through a Proxy. "
                + "direct: all host traffic goes through it behind a kill switch (at most one per host).",
                s => s.Mode,
                (s, v) => s with { Mode = (TunnelMode)v },
                defaultValue: "proxy")
            .Add(
                "backend",
                EnumShape.For(new Dictionary<BackendKind, string> { [BackendKind.WgQuick] = "wg-quick" }),
                "auto: kernel WireGuard when available, else wireguard-go (userspace). "
                + "wg-quick (direct mode only): the real wg-quick with a config tunmux writes under its state directory.",
                s => s.Backend,
                (s, v) => s with { Backend = (BackendKind)v },
                defaultValue: "auto")
            .Add(
                "wireguard",
                WireGuard,
                "The WireGuard configuration (provider wireguard).",
                s => s.WireGuard,
                (s, v) => s with { WireGuard = (WireGuardSpec)v })
            .Add(
                "server",
                ProviderFields.Server,
                "Which server of the provider (proton, airvpn, mullvad).",
                s => s.Server,
                (s, v) => s with { Server = (ServerSelectorSpec)v })
            .Add(
                "account",
                ProviderFields.Account,
                "Which login of the provider (proton, airvpn, mullvad).",
                s => s.Account,
                (s, v) => s with { Account = (AccountSpec)v })
            .Add(
                "portForwarding",
                new BooleanShape(),
                "Keep a forwarded port (NAT-PMP through the tunnel, renewed continuously) and show it in status. "
                + "Provider proton (a P2P server), or provider wireguard with a Proton configuration that has NAT-PMP on.",
                // Left out when false so plain tunnels do not print a field that does not concern them.
                s => s.PortForwarding ? true : null,
                (s, v) => s with { PortForwarding = (bool)v },
                defaultValue: false)
            .Add(
                "portForwardingHook",
                new ListShape(new StringShape()),
                "With portForwarding: a program to run when the forwarded port changes (the first one included): "
                + "an absolute path, then its arguments; no shell. It runs inside the tunnel's namespace with "
                + "TUNMUX_TUNNEL, TUNMUX_PORT and TUNMUX_PREVIOUS_PORT set; a failure is logged and retried at the next renewal.",
                // Left out when empty, as most tunnels have none.
                s => s.PortForwardingHook.Count > 0 ? s.PortForwardingHook : null,
                (s, v) => s with { PortForwardingHook = Bound.Strings(v) })
            .Add(
                "keyRotation",
                new DurationShape(),
                "Provider tunnels: replace the WireGuard key this often, e.g. 168h; never when left out.",
                s => s.KeyRotation,
                (s, v) => s with { KeyRotation = (TimeSpan)v })
            .Add(
                "health",
                HealthFields.Health,
                "How the daemon judges the tunnel's health: the handshake age limit and an optional active probe. "
                + "Changing it never rebuilds the tunnel.",
                s => s.Health,
                (s, v) => s with { Health = (TunnelHealthSpec)v })
            .Add(
                "killSwitch",
                KillSwitch,
                "Direct mode: while the tunnel is not up nothing leaves the host outside it, DNS included. "
                + "On by default; only enabled: false or deleting the tunnel (without lockdown) lifts it.",
                s => s.KillSwitch,
                (s, v) => s with { KillSwitch = (KillSwitchSpec)v })
            .Add(
                "nodeSelector",
                new StringMapShape(),
                "Kubernetes only: the node labels a node must carry to run this tunnel; every node when left out. "
                + "A plain host ignores it.",
                // Left out when empty: most manifests never meet a cluster.
                s => s.NodeSelector.Count > 0 ? s.NodeSelector : null,
                (s, v) => s with { NodeSelector = (IReadOnlyDictionary<string, string>)v });

    public static readonly ObjectShape<TunnelManifest> Root =
        MetadataFields.Root(
                TunnelManifest.KindName,
                "A tunmux Tunnel: one VPN exit.",
                () => new TunnelManifest { Metadata = new ObjectMeta { Name = "" }, Spec = new TunnelSpec() })
            .Add(
                "spec",
                Spec,
                "The desired tunnel.",
                t => t.Spec,
                (t, v) => t with { Spec = (TunnelSpec)v },
                required: true);
}
