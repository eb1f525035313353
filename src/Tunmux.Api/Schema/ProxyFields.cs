using Tunmux.Api.Model;

namespace Tunmux.Api.Schema;

/// <summary>The field table of <c>kind: Proxy</c>.</summary>
internal static class ProxyFields
{
    private static ObjectShape<ListenerSpec> Listener(string protocol, int firstPort) =>
        new ObjectShape<ListenerSpec>($"The {protocol} listener.", () => new ListenerSpec())
            .Add(
                "enabled",
                new BooleanShape(),
                $"Whether the {protocol} listener runs.",
                l => l.Enabled,
                (l, v) => l with { Enabled = (bool)v },
                defaultValue: true)
            .Add(
                "listen",
                new StringShape(),
                $"ADDRESS:PORT, [IPV6]:PORT, or ADDRESS alone for the first free port from {firstPort}. "
                + $"Default 127.0.0.1.",
                l => l.Listen,
                (l, v) => l with { Listen = (string)v });

    private static readonly ObjectShape<ProxyAuthSpec> Auth =
        new ObjectShape<ProxyAuthSpec>("Require a username and password from clients.", () => new ProxyAuthSpec())
            .Add(
                "credentialsFile",
                new StringShape { IsFilePath = true },
                "File holding one line \"username:password\", mode 0600; relative to the manifest's folder.",
                a => a.CredentialsFile,
                (a, v) => a with { CredentialsFile = (string)v },
                required: true)
            .ForbidInlineSecret("password", "credentialsFile");

    private static readonly ObjectShape<ProxyTimeoutsSpec> Timeouts =
        new ObjectShape<ProxyTimeoutsSpec>("Time limits; each left out keeps its safe default.", () => new ProxyTimeoutsSpec())
            .Add("connect", new DurationShape(), "Name resolution plus connecting to the target (default 10s).", t => t.Connect, (t, v) => t with { Connect = (TimeSpan)v })
            .Add("handshake", new DurationShape(), "From accept until the client's request is complete (default 15s).", t => t.Handshake, (t, v) => t with { Handshake = (TimeSpan)v })
            .Add("idle", new DurationShape(), "A connection with no traffic either way is closed after this (default 5m).", t => t.Idle, (t, v) => t with { Idle = (TimeSpan)v });

    public static readonly ObjectShape<ProxySpec> Spec =
        new ObjectShape<ProxySpec>("The desired proxy.", () => new ProxySpec { TunnelRef = "" })
            .Add(
                "tunnelRef",
                new StringShape(),
                "The name of the Tunnel the traffic leaves through.",
                p => p.TunnelRef,
                (p, v) => p with { TunnelRef = (string)v },
                required: true)
            .Add(
                "socks",
                Listener("SOCKS5", 1080),
                "The SOCKS5 listener.",
                p => p.Socks,
                (p, v) => p with { Socks = (ListenerSpec)v })
            .Add(
                "http",
                Listener("HTTP", 8118),
                "The HTTP (CONNECT and plain) listener.",
                p => p.Http,
                (p, v) => p with { Http = (ListenerSpec)v })
            .Add(
                "accessLog",
                new BooleanShape(),
                "Log one line per connection (never credentials).",
                p => p.AccessLog,
                (p, v) => p with { AccessLog = (bool)v },
                defaultValue: false)
            .Add(
                "allowNonLoopback",
                new BooleanShape(),
                "Allow listening on addresses other than loopback, which exposes the exit to the network.",
                p => p.AllowNonLoopback,
                (p, v) => p with { AllowNonLoopback = (bool)v },
                defaultValue: false)
            .Add("auth", Auth, "Require a username and password (SOCKS5 RFC 1929, HTTP Basic); SOCKS4 is then refused.", p => p.Auth, (p, v) => p with { Auth = (ProxyAuthSpec)v })
            .Add("timeouts", Timeouts, "Connect, handshake and idle limits.", p => p.Timeouts, (p, v) => p with { Timeouts = (ProxyTimeoutsSpec)v })
            .Add(
                "maxConnections",
                new IntegerShape { Minimum = 1, Maximum = 1_000_000 },
                "Connections beyond this many at once are closed (default 16384).",
                p => p.MaxConnections,
                (p, v) => p with { MaxConnections = (int)v })
            .Add(
                "nodeSelector",
                new StringMapShape(),
                "Kubernetes only: the node labels a node must carry to run this proxy, besides running its tunnel; "
                + "every such node when left out. A plain host ignores it.",
                p => p.NodeSelector.Count > 0 ? p.NodeSelector : null,
                (p, v) => p with { NodeSelector = (IReadOnlyDictionary<string, string>)v });

    public static readonly ObjectShape<ProxyManifest> Root =
        MetadataFields.Root(
                ProxyManifest.KindName,
                "A tunmux Proxy: SOCKS5 and HTTP listeners on the host whose traffic leaves through a Tunnel.",
                () => new ProxyManifest { Metadata = new ObjectMeta { Name = "" }, Spec = new ProxySpec { TunnelRef = "" } })
            .Add(
                "spec",
                Spec,
                "The desired proxy.",
                p => p.Spec,
                (p, v) => p with { Spec = (ProxySpec)v },
                required: true);
}
