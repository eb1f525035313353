using Tunmux.Core.Model;
using Tunmux.Api.Model;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Loading;

public sealed class LoadingTests
{
    private const string ThreeDocuments = $$"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata:
          name: lab-1
          labels: {site: lab}
        spec:
          provider: wireguard
          mode: proxy
          backend: auto
          wireguard:
            configFile: /var/lib/tunmux/lab/exit-1.conf
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {name: inline-example}
        spec:
          backend: userspace
          wireguard:
            privateKeyFile: keys/inline.key
            addresses: [10.66.0.2/32]
            dns: [10.66.0.1]
            mtu: 1420
            peer:
              publicKey: {{Manifests.PublicKey}}
              endpoint: vpn.example.net:51820
              allowedIPs: [0.0.0.0/0, ::/0]
              presharedKeyFile: keys/inline.psk
              persistentKeepalive: 25
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {name: lab-1}
        spec:
          tunnelRef: lab-1
          socks: {listen: "127.0.0.1:1080"}
          http: {listen: "127.0.0.1:8118"}
          accessLog: true
          allowNonLoopback: false
        """;

    [Fact]
    public void Every_document_of_a_multi_document_text_becomes_an_object_in_order()
    {
        var set = Manifests.Load(ThreeDocuments);

        set.Errors.Should().BeEmpty();
        set.Objects.Select(o => $"{o.Kind}/{o.Name}").Should().Equal("Tunnel/lab-1", "Tunnel/inline-example", "Proxy/lab-1");
        set.Objects.Should().OnlyContain(o => o.ApiVersion == ManifestObject.V1Alpha1);
    }

    [Fact]
    public void Config_file_tunnel_fields_are_bound()
    {
        var tunnel = Manifests.Load(ThreeDocuments).Tunnels.First();

        tunnel.Metadata.Labels.Should().Equal(new Dictionary<string, string> { ["site"] = "lab" });
        tunnel.Spec.Provider.Should().Be("wireguard");
        tunnel.Spec.Mode.Should().Be(TunnelMode.Proxy);
        tunnel.Spec.Backend.Should().Be(BackendKind.Auto);
        tunnel.Spec.WireGuard!.ConfigFile.Should().Be("/var/lib/tunmux/lab/exit-1.conf");
        tunnel.Spec.WireGuard.Peer.Should().BeNull();
    }

    [Fact]
    public void Inline_tunnel_fields_are_bound_and_key_files_made_absolute()
    {
        var tunnel = Manifests.Load(ThreeDocuments).Tunnels.Last();
        var wireGuard = tunnel.Spec.WireGuard!;

        tunnel.Spec.Backend.Should().Be(BackendKind.Userspace);
        wireGuard.PrivateKeyFile.Should().Be("/manifests/keys/inline.key");
        wireGuard.Addresses.Should().Equal("10.66.0.2/32");
        wireGuard.Dns.Should().Equal("10.66.0.1");
        wireGuard.Mtu.Should().Be(1420);
        wireGuard.Peer!.PublicKey.Should().Be(Manifests.PublicKey);
        wireGuard.Peer.Endpoint.Should().Be("vpn.example.net:51820");
        wireGuard.Peer.AllowedIPs.Should().Equal("0.0.0.0/0", "::/0");
        wireGuard.Peer.PresharedKeyFile.Should().Be("/manifests/keys/inline.psk");
        wireGuard.Peer.PersistentKeepalive.Should().Be(25);
    }

    [Fact]
    public void Proxy_fields_are_bound()
    {
        var proxy = Manifests.Load(ThreeDocuments).Proxies.Single();

        proxy.Spec.TunnelRef.Should().Be("lab-1");
        proxy.Spec.Socks.Should().Be(new ListenerSpec { Listen = "127.0.0.1:1080" });
        proxy.Spec.Http.Should().Be(new ListenerSpec { Listen = "127.0.0.1:8118" });
        proxy.Spec.AccessLog.Should().BeTrue();
        proxy.Spec.AllowNonLoopback.Should().BeFalse();
    }

    [Fact]
    public void Left_out_fields_keep_their_defaults()
    {
        var set = Manifests.Load(Manifests.Tunnel() + "\n---\n" + Manifests.Proxy("p", "lab-1", "  socks:\n"));

        set.Errors.Should().BeEmpty();
        var tunnel = set.Tunnels.Single();
        tunnel.Spec.Provider.Should().Be("wireguard");
        tunnel.Spec.Mode.Should().Be(TunnelMode.Proxy);
        tunnel.Spec.Backend.Should().Be(BackendKind.Auto);
        tunnel.Metadata.Labels.Should().BeEmpty();
        tunnel.Spec.WireGuard!.Dns.Should().BeEmpty();
        tunnel.Spec.WireGuard.Mtu.Should().BeNull();
        var proxy = set.Proxies.Single();
        proxy.Spec.Socks.Should().BeNull("an empty value is the same as leaving the field out");
        proxy.Spec.Http.Should().BeNull();
    }

    [Fact]
    public void Empty_documents_and_comment_only_documents_are_skipped()
    {
        var set = Manifests.Load("---\n---\n# nothing here\n---\n" + Manifests.Tunnel() + "\n---\n");

        set.Errors.Should().BeEmpty();
        set.Objects.Should().ContainSingle().Which.Name.Should().Be("lab-1");
    }

    [Fact]
    public void An_empty_text_loads_nothing_and_no_error()
    {
        var set = Manifests.Load("");

        set.Objects.Should().BeEmpty();
        set.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Without_a_base_directory_relative_paths_follow_the_file_name()
    {
        var set = ManifestLoader.LoadText(Manifests.Tunnel(), "/srv/exits/lab.yaml");

        set.Tunnels.Single().Spec.WireGuard!.PrivateKeyFile.Should().Be("/srv/exits/keys/lab.key");
    }

    [Fact]
    public void Absolute_paths_are_kept_and_dot_segments_removed()
    {
        var set = Manifests.Load(Manifests.Tunnel(wireguard: "    configFile: ../shared/./exit.conf"));
        var absolute = Manifests.Load(Manifests.Tunnel(wireguard: "    configFile: /etc/wireguard/exit.conf"));

        set.Tunnels.Single().Spec.WireGuard!.ConfigFile.Should().Be("/shared/exit.conf");
        absolute.Tunnels.Single().Spec.WireGuard!.ConfigFile.Should().Be("/etc/wireguard/exit.conf");
    }

    [Fact]
    public void A_folder_loads_its_yaml_files_in_name_order_and_nothing_else()
    {
        using var folder = new TempFolder();
        folder.Write("b.yaml", Manifests.Tunnel("second"));
        folder.Write("a.yml", Manifests.Tunnel("first"));
        folder.Write("c.yaml.orig", Manifests.Tunnel("backup"));
        folder.Write("notes.txt", "not yaml");
        folder.Write("nested/d.yaml", Manifests.Tunnel("nested"));

        var set = ManifestLoader.LoadPath(folder.Path);

        set.Errors.Should().BeEmpty();
        set.Objects.Select(o => o.Name).Should().Equal("first", "second");
        set.Objects[0].Source!.File.Should().Be(Path.Combine(folder.Path, "a.yml"));
    }

    [Fact]
    public void Relative_paths_in_a_loaded_file_are_resolved_against_its_folder()
    {
        using var folder = new TempFolder();
        var file = folder.Write("exits/lab.yaml", Manifests.Tunnel());

        var set = ManifestLoader.LoadPath(file);

        set.Tunnels.Single().Spec.WireGuard!.PrivateKeyFile.Should().Be(Path.Combine(folder.Path, "exits", "keys", "lab.key"));
    }

    [Fact]
    public void Errors_in_several_files_of_a_folder_are_all_reported_with_their_file()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.yaml", "kind: Tunnel\n");
        var second = folder.Write("b.yaml", "kind: Nope\n");

        var errors = ManifestLoader.LoadPath(folder.Path).Errors;

        errors.Select(e => e.Position.File).Should().Equal(first, first, first, second);
    }

    [Fact]
    public void Several_paths_load_as_one_set_that_validates_across_them()
    {
        using var folder = new TempFolder();
        var tunnel = folder.Write("tunnels/lab.yaml", Manifests.Tunnel("lab-1", "    configFile: x.conf\n    mtu: huge"));
        var proxy = folder.Write("proxy.yaml", Manifests.Proxy("p", "lab-1"));

        var set = ManifestValidator.Validate(ManifestLoader.LoadPaths([Path.GetDirectoryName(tunnel)!, proxy]));

        set.Objects.Select(o => o.KindAndName).Should().Equal("Proxy/p");
        set.Errors.Should().ContainSingle("the proxy's tunnel exists, though it failed to load")
            .Which.ToString().Should().Be($"{tunnel}:8:10: spec.wireguard.mtu: expected an integer, got the string \"huge\"");
    }

    [Fact]
    public void A_path_that_does_not_exist_is_an_error_not_an_exception()
    {
        var set = ManifestLoader.LoadPath("/nonexistent/tunmux/manifests");

        set.Objects.Should().BeEmpty();
        set.Errors.Should().ContainSingle().Which.ToString()
            .Should().Be("/nonexistent/tunmux/manifests:1:1: no such file or folder");
    }
}
