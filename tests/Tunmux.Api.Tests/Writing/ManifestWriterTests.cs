using System.Text.Json.Nodes;
using Tunmux.Api.Model;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Writing;

public sealed class ManifestWriterTests
{
    private static readonly string Everything = string.Join("\n---\n",
        Manifests.Tunnel("lab-1", Manifests.DefaultWireGuard + """

                  allowedIPs: ["::/0"]
                  presharedKeyFile: keys/lab.psk
                  persistentKeepalive: 25
                dns: [10.66.0.1, "2001:db8::53"]
                mtu: 1420
            """).Replace("      allowedIPs: [0.0.0.0/0]\n", "", StringComparison.Ordinal),
        """
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata:
          name: conf
          labels: {site: lab, "tunmux.io/tier": "true", build: "123", note: ""}
        spec:
          backend: userspace
          wireguard: {configFile: "/etc/tunmux/exit #1.conf"}
        """,
        Manifests.Proxy("lab-1", "lab-1", "  socks: {listen: \"[::1]:1080\"}\n  http: {enabled: false}\n  accessLog: true"));

    private static IReadOnlyList<ManifestObject> Load(string yaml)
    {
        var set = Manifests.LoadAndValidate(yaml);
        set.Errors.Should().BeEmpty();
        return set.Objects;
    }

    [Fact]
    public void Written_yaml_loads_back_to_the_same_objects()
    {
        var original = Load(Everything);

        var reloaded = Load(ManifestWriter.ToYaml(original));

        reloaded.Should().HaveCount(3);
        reloaded.Should().BeEquivalentTo(original, o => o.RespectingRuntimeTypes().Excluding(m => m.Source));
    }

    [Fact]
    public void Writing_what_was_written_changes_nothing()
    {
        var once = ManifestWriter.ToYaml(Load(Everything));

        ManifestWriter.ToYaml(Load(once)).Should().Be(once);
    }

    [Fact]
    public void Yaml_uses_the_manifest_field_names_and_writes_defaults_out()
    {
        var yaml = ManifestWriter.ToYaml(Load(Manifests.Tunnel()));

        yaml.Should().Be($"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata:
              name: lab-1
            spec:
              provider: wireguard
              mode: proxy
              backend: auto
              wireguard:
                privateKeyFile: /manifests/keys/lab.key
                addresses:
                - 10.66.0.2/32
                peer:
                  publicKey: {Manifests.PublicKey}
                  endpoint: vpn.example.net:51820
                  allowedIPs:
                  - 0.0.0.0/0

            """);
    }

    [Fact]
    public void Text_that_would_read_as_another_type_is_quoted()
    {
        var yaml = ManifestWriter.ToYaml(Load(Everything));

        yaml.Should().Contain("tunmux.io/tier: \"true\"").And.Contain("build: \"123\"").And.Contain("note: \"\"");
    }

    [Fact]
    public void Several_objects_become_several_documents()
    {
        var yaml = ManifestWriter.ToYaml(Load(Everything));

        yaml.Split('\n').Count(line => line == "---").Should().Be(2);
    }

    [Fact]
    public void Nothing_to_write_is_empty_text()
    {
        ManifestWriter.ToYaml([]).Should().BeEmpty();
        JsonNode.Parse(ManifestWriter.ToJson([]))!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public void Json_is_an_array_of_objects_with_the_yaml_field_names()
    {
        var json = JsonNode.Parse(ManifestWriter.ToJson(Load(Everything)))!.AsArray();

        json.Should().HaveCount(3);
        var tunnel = json[0]!;
        tunnel["apiVersion"]!.GetValue<string>().Should().Be("tunmux.io/v1alpha1");
        tunnel["kind"]!.GetValue<string>().Should().Be("Tunnel");
        tunnel["spec"]!["mode"]!.GetValue<string>().Should().Be("proxy");
        tunnel["spec"]!["wireguard"]!["mtu"]!.GetValue<int>().Should().Be(1420);
        tunnel["spec"]!["wireguard"]!["peer"]!["allowedIPs"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal("::/0");
        json[1]!["metadata"]!["labels"]!["tunmux.io/tier"]!.GetValue<string>().Should().Be("true");
        json[2]!["spec"]!["http"]!["enabled"]!.GetValue<bool>().Should().BeFalse();
        json[2]!["spec"]!["accessLog"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void Json_prints_keys_as_written_without_escaping_plus_signs()
    {
        const string Key = "++++++++++++++++++++++++++++++++++++++++++8=";
        var tunnel = Manifests.Tunnel(wireguard: Manifests.DefaultWireGuard.Replace(Manifests.PublicKey, Key, StringComparison.Ordinal));

        ManifestWriter.ToJson(Load(tunnel)).Should().Contain($"\"publicKey\": \"{Key}\"");
    }

    [Fact]
    public void Yaml_of_every_kind_of_field_reads_as_expected()
    {
        var yaml = ManifestWriter.ToYaml(Load(Everything));

        yaml.Should().Contain("  socks:\n    enabled: true\n    listen: '[::1]:1080'\n")
            .And.Contain("configFile: '/etc/tunmux/exit #1.conf'\n")
            .And.Contain("  - 2001:db8::53\n");
    }

    [Fact]
    public void A_provider_tunnel_is_written_and_read_back_unchanged()
    {
        const string Proton = """
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata:
              name: us-1
            spec:
              provider: proton
              mode: proxy
              backend: auto
              server:
                name: US#1
                features:
                - p2p
                maxLoad: 70
                sort: score
              account:
                name: alice
              portForwarding: true
              keyRotation: 1h30m

            """;

        var yaml = ManifestWriter.ToYaml(Load(Proton));

        yaml.Should().Be(Proton);
    }

    [Fact]
    public void Port_forwarding_is_left_out_when_off()
    {
        ManifestWriter.ToYaml(Load(Manifests.Tunnel())).Should().NotContain("portForwarding");
    }
}
