using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Cli.Commands.Providers;
using Tunmux.Core.Model;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Daemon.Control.Protocol;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Tests.Providers;

/// <summary>
/// A provider tunnel resolved by the client and sent to the daemon: a plain WireGuard tunnel the
/// daemon accepts as it accepts any forwarded manifest, with the keys as content only.
/// </summary>
public sealed class ForwardedProviderTunnelTests : IDisposable
{
    private const string PrivateKey = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private const string PresharedKey = "FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=";
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    private readonly string _store = Directory.CreateTempSubdirectory("tunmux-forwarded-").FullName;

    public void Dispose() => Directory.Delete(_store, recursive: true);

    private static TunnelManifest ProtonTunnel(bool portForwarding = false) => new()
    {
        Metadata = new ObjectMeta { Name = "ch-9" },
        Spec = new TunnelSpec
        {
            Provider = ProviderNames.Proton,
            Mode = TunnelMode.Proxy,
            Server = new ServerSelectorSpec { Name = "CH#9" },
            Account = new AccountSpec { Name = "alice" },
            PortForwarding = portForwarding,
        },
    };

    /// <summary>The PROVIDER a status row (status, get, describe) shows for the declared <paramref name="tunnel"/>.</summary>
    private static string StatusProvider(TunnelManifest tunnel) =>
        StatusReport.Tunnels(new HostView([tunnel], DesiredState.Empty, Core.Observed.ObservedState.Empty, [])).Single().Provider;

    private static WireGuardConfig Resolved() => new(
        new Secret(PrivateKey),
        ["10.2.0.2/32"],
        ["10.2.0.1"],
        null,
        [new WireGuardPeer(PeerKey, "198.51.100.77:51820", ["0.0.0.0/0", "::/0"], new Secret(PresharedKey), null)]);

    [Fact]
    public void The_daemon_loads_it_as_a_plain_WireGuard_tunnel_with_its_keys_from_the_content_sent()
    {
        var forwarded = ForwardedProviderTunnel.From(ProtonTunnel(), Resolved(), "CH#9");
        var text = new ManifestText("/nonexistent/tunmux-forwarded/ch-9.yaml", ManifestWriter.ToYaml([forwarded.Tunnel]));

        var loaded = ForwardedManifests.AttachFiles(ForwardedManifests.Load([text]), forwarded.Files, new ForwardedFileStore(_store));

        loaded.Errors.Should().BeEmpty();
        var tunnel = loaded.Objects.OfType<TunnelManifest>().Single();
        tunnel.Spec.Provider.Should().Be(ProviderNames.WireGuard);
        tunnel.Spec.Account.Should().BeNull("the daemon gets no account to open");
        tunnel.Metadata.Labels.Should().Contain(ForwardedProviderTunnel.ProviderLabel, "proton").And.Contain(ForwardedProviderTunnel.ServerLabel, "CH-9");
        File.ReadAllText(tunnel.Spec.WireGuard!.PrivateKeyFile!).Trim().Should().Be(PrivateKey);
        tunnel.Spec.WireGuard.PrivateKeyFile.Should().StartWith(_store, "the daemon's own copy, never a path the client named");
        File.ReadAllText(tunnel.Spec.WireGuard.Peer!.PresharedKeyFile!).Trim().Should().Be(PresharedKey);
        tunnel.Spec.WireGuard.Peer.Endpoint.Should().Be("198.51.100.77:51820");
        tunnel.Spec.WireGuard.Addresses.Should().Equal("10.2.0.2/32");
    }

    [Fact]
    public void No_secret_is_in_the_manifest_text()
    {
        var forwarded = ForwardedProviderTunnel.From(ProtonTunnel(), Resolved(), "CH#9");

        var yaml = ManifestWriter.ToYaml([forwarded.Tunnel]);

        yaml.Should().NotContain(PrivateKey).And.NotContain(PresharedKey);
        forwarded.Files.Select(f => f.Content!.Trim()).Should().BeEquivalentTo([PrivateKey, PresharedKey]);
    }

    [Fact]
    public void A_forwarded_tunnel_still_counts_as_its_providers_for_disconnect()
    {
        var forwarded = ForwardedProviderTunnel.From(ProtonTunnel(), Resolved(), "CH#9").Tunnel;

        ForwardedProviderTunnel.BelongsTo(forwarded, ProviderNames.Proton).Should().BeTrue();
        ForwardedProviderTunnel.BelongsTo(forwarded, ProviderNames.Mullvad).Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Status_and_get_show_the_provider_it_came_from_with_or_without_port_forwarding(bool portForwarding)
    {
        // Reported: a Proton tunnel connected through the daemon (and one with a forwarded port)
        // showed provider "wireguard": the daemon declares it as plain WireGuard, the label keeps the provider.
        var forwarded = ForwardedProviderTunnel.From(ProtonTunnel(portForwarding), Resolved(), "CH#9");
        var text = new ManifestText("/nonexistent/tunmux-forwarded/ch-9.yaml", ManifestWriter.ToYaml([forwarded.Tunnel]));
        var loaded = ForwardedManifests.AttachFiles(ForwardedManifests.Load([text]), forwarded.Files, new ForwardedFileStore(_store));
        var declared = loaded.Objects.OfType<TunnelManifest>().Single();

        declared.Spec.PortForwarding.Should().Be(portForwarding);
        StatusProvider(declared).Should().Be(ProviderNames.Proton);
    }

    [Fact]
    public void A_plain_WireGuard_tunnel_shows_wireguard_and_a_label_naming_no_provider_changes_nothing()
    {
        var plain = ForwardedProviderTunnel.From(ProtonTunnel(), Resolved(), "CH#9").Tunnel;
        var unlabelled = plain with { Metadata = plain.Metadata with { Labels = new Dictionary<string, string>() } };
        var madeUp = plain with { Metadata = plain.Metadata with { Labels = new Dictionary<string, string> { [ForwardedProviderTunnel.ProviderLabel] = "evil-vpn" } } };

        StatusProvider(unlabelled).Should().Be(ProviderNames.WireGuard);
        StatusProvider(madeUp).Should().Be(ProviderNames.WireGuard, "only a provider tunmux knows is shown from a label");
    }
}
