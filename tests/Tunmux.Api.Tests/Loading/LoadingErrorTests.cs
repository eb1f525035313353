using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Loading;

/// <summary>Each kind of loading error, with the exact place it is reported at.</summary>
public sealed class LoadingErrorTests
{
    private const string Head = """
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata:
          name: lab-1
        spec:

        """;

    [Fact]
    public void Unknown_field_is_reported_with_its_line_and_column_and_a_suggestion()
    {
        var errors = Manifests.LoadErrors(Head + """
              wireguard:
                configFile: /x.conf
                peer:
                  endpont: vpn.example.net:51820
            """);

        errors.Should().Equal(
            "test.yaml:9:7: spec.wireguard.peer.endpont: unknown field \"endpont\" (did you mean \"endpoint\"?)");
    }

    [Fact]
    public void Unknown_field_far_from_every_known_one_gets_no_suggestion()
    {
        Manifests.LoadErrors(Head + "  colour: blue\n").Should().Equal("test.yaml:6:3: spec.colour: unknown field \"colour\"");
    }

    [Fact]
    public void Field_names_with_the_wrong_case_are_suggested_in_the_right_one()
    {
        Manifests.LoadErrors(Head + "  wireguard:\n    ConfigFile: /x.conf\n")
            .Should().Equal("test.yaml:7:5: spec.wireguard.ConfigFile: unknown field \"ConfigFile\" (did you mean \"configFile\"?)");
    }

    [Theory]
    [InlineData("  backend: 1\n", "test.yaml:6:12: spec.backend: expected a string, got the integer 1 (quote it if it is text)")]
    [InlineData("  mode: true\n", "test.yaml:6:9: spec.mode: expected a string, got the boolean true (quote it if it is text)")]
    [InlineData("  wireguard:\n    mtu: \"1420\"\n", "test.yaml:7:10: spec.wireguard.mtu: expected an integer, got the string \"1420\"")]
    [InlineData("  wireguard:\n    mtu: 1.5\n", "test.yaml:7:10: spec.wireguard.mtu: expected an integer, got the number 1.5")]
    [InlineData("  wireguard:\n    addresses: 10.0.0.2/32\n", "test.yaml:7:16: spec.wireguard.addresses: expected a list, got the string \"10.0.0.2/32\"")]
    [InlineData("  wireguard:\n    addresses: [10.0.0.2/32, 5]\n", "test.yaml:7:30: spec.wireguard.addresses[1]: expected a string, got the integer 5 (quote it if it is text)")]
    [InlineData("  wireguard:\n    peer: [a]\n", "test.yaml:7:11: spec.wireguard.peer: expected a map, got a list")]
    [InlineData("  wireguard: on\n", "test.yaml:6:14: spec.wireguard: expected a map, got the string \"on\"")]
    [InlineData("  wireguard:\n    mtu: 99999999999\n", "test.yaml:7:10: spec.wireguard.mtu: 99999999999 is too large for an integer field")]
    public void Wrong_types_are_reported_at_the_value(string spec, string expected)
    {
        Manifests.LoadErrors(Head + spec).Should().Equal(expected);
    }

    [Fact]
    public void Booleans_accept_only_true_and_false()
    {
        var errors = Manifests.LoadErrors(Manifests.Proxy("p", "lab-1", "  accessLog: yes\n"));

        errors.Should().Equal("test.yaml:7:14: spec.accessLog: expected true or false, got the string \"yes\"");
    }

    [Fact]
    public void Label_values_must_be_strings()
    {
        var errors = Manifests.LoadErrors("""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {name: a, labels: {tier: 2}}
            spec: {}
            """);

        errors.Should().Equal("test.yaml:3:36: metadata.labels.tier: expected a string, got the integer 2 (quote it if it is text)");
    }

    [Fact]
    public void Missing_required_fields_are_all_reported_at_their_parent()
    {
        var errors = Manifests.LoadErrors("kind: Tunnel\nmetadata: {}\n");

        errors.Should().Equal(
            "test.yaml:1:1: apiVersion: is required",
            "test.yaml:1:1: spec: is required",
            "test.yaml:2:11: metadata.name: is required");
    }

    [Fact]
    public void A_required_field_without_a_value_is_reported_at_its_key()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Proxy\nmetadata:\n  name:\nspec: {tunnelRef: a}\n")
            .Should().Equal("test.yaml:4:3: metadata.name: needs a value");
    }

    [Fact]
    public void A_proxy_needs_a_tunnel_ref()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Proxy\nmetadata: {name: p}\nspec:\n  socks: {}\n")
            .Should().Equal("test.yaml:4:1: spec.tunnelRef: is required");
    }

    [Fact]
    public void A_missing_kind_is_reported_at_the_document()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nmetadata: {name: a}\nspec: {}\n")
            .Should().Equal("test.yaml:1:1: kind: is required (Tunnel or Proxy)");
    }

    [Fact]
    public void Unknown_kind_is_reported_at_its_value_with_a_suggestion()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunel\nmetadata: {name: a}\nspec: {}\n")
            .Should().Equal("test.yaml:2:7: kind: unknown kind \"Tunel\"; expected one of Tunnel, Proxy (did you mean \"Tunnel\"?)");
    }

    [Fact]
    public void Only_the_v1alpha1_api_version_is_read()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1\nkind: Tunnel\nmetadata: {name: a}\nspec: {}\n")
            .Should().Equal("test.yaml:1:13: apiVersion: expected \"tunmux.io/v1alpha1\", got \"tunmux.io/v1\"");
    }

    [Fact]
    public void Enum_values_are_lower_case()
    {
        Manifests.LoadErrors(Head + "  mode: Proxy\n  backend: wireguard-go\n").Should().Equal(
            "test.yaml:6:9: spec.mode: unknown value \"Proxy\"; expected one of proxy, direct (did you mean \"proxy\"?)",
            "test.yaml:7:12: spec.backend: unknown value \"wireguard-go\"; expected one of auto, userspace, kernel, wg-quick");
    }

    [Fact]
    public void Inline_private_and_preshared_keys_are_refused_without_echoing_them()
    {
        const string PrivateKey = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
        const string PresharedKey = "cHJlc2hhcmVkLXByZXNoYXJlZC1wcmVzaGFyZWQtcHI=";
        var errors = Manifests.LoadErrors(Head + $"""
              wireguard:
                privateKey: {PrivateKey}
                peer:
                  presharedKey: {PresharedKey}
            """);

        errors.Should().Equal(
            "test.yaml:7:5: spec.wireguard.privateKey: secrets are never inline: put the key in a file (mode 0600) and use privateKeyFile",
            "test.yaml:9:7: spec.wireguard.peer.presharedKey: secrets are never inline: put the key in a file (mode 0600) and use presharedKeyFile");
        errors.Should().NotContain(e => e.Contains(PrivateKey, StringComparison.Ordinal) || e.Contains(PresharedKey, StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_pasted_where_its_file_belongs_is_refused_without_echoing_it()
    {
        var errors = Manifests.LoadErrors(Head + $"  wireguard:\n    privateKeyFile: {Manifests.PublicKey}\n");

        errors.Should().Equal("test.yaml:7:21: spec.wireguard.privateKeyFile: holds a key, not a file path: "
            + "secrets are never inline; put the key in a file (mode 0600)");
    }

    [Fact]
    public void A_field_written_twice_is_reported_at_the_second_with_the_first_place()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata:\n  name: a\n  name: b\nspec: {}\n")
            .Should().Equal("test.yaml:5:3: metadata.name: is written twice (first at line 4, column 3)");
    }

    [Fact]
    public void A_document_that_is_not_a_map_is_reported()
    {
        Manifests.LoadErrors("- a\n- b\n")
            .Should().Equal("test.yaml:1:1: a manifest must be a map with apiVersion, kind, metadata and spec");
    }

    [Fact]
    public void Malformed_yaml_is_reported_where_the_parser_stopped()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata:\n  name: a\n labels: {}\n")
            .Should().Equal("test.yaml:5:2: malformed YAML: While parsing a block mapping, did not find expected key.");
    }

    [Fact]
    public void Yaml_the_scanner_chokes_on_is_reported_on_the_line_it_last_read()
    {
        var errors = Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: a\nspec: {}\n");

        errors.Should().ContainSingle().Which.Should().StartWith("test.yaml:3:").And.EndWith(": malformed YAML: cannot read past this point");
    }

    [Fact]
    public void Documents_before_a_syntax_error_are_kept()
    {
        var set = Manifests.Load(Manifests.Tunnel("good") + "\n---\nkind: [\n");

        set.Objects.Select(o => o.Name).Should().Equal("good");
        set.Errors.Should().ContainSingle().Which.Message.Should().StartWith("malformed YAML: ");
    }

    [Fact]
    public void An_alias_to_an_unknown_anchor_is_malformed_yaml()
    {
        Manifests.LoadErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: *nowhere\nspec: {}\n")
            .Should().Equal("test.yaml:3:11: malformed YAML: the alias *nowhere refers to no anchor");
    }

    [Fact]
    public void Anchors_and_aliases_are_followed()
    {
        var set = Manifests.Load(Manifests.Tunnel("a", "    addresses: &nets [10.66.0.2/32]\n    peer: {allowedIPs: *nets}"));

        set.Errors.Should().BeEmpty();
        set.Tunnels.Single().Spec.WireGuard!.Peer!.AllowedIPs.Should().Equal("10.66.0.2/32");
    }

    [Fact]
    public void Every_error_of_every_document_is_reported_at_once()
    {
        var errors = Manifests.LoadErrors(Head + "  mode: sideways\n  wireguard: {mtu: big, colour: red}\n---\nkind: Nope\n");

        errors.Should().Equal(
            "test.yaml:6:9: spec.mode: unknown value \"sideways\"; expected one of proxy, direct",
            "test.yaml:7:20: spec.wireguard.mtu: expected an integer, got the string \"big\"",
            "test.yaml:7:25: spec.wireguard.colour: unknown field \"colour\"",
            "test.yaml:9:7: kind: unknown kind \"Nope\"; expected one of Tunnel, Proxy");
    }

    [Fact]
    public void Validation_reports_the_other_problems_of_an_object_that_failed_to_load()
    {
        var errors = Manifests.Errors(Manifests.Tunnel("Bad_Name", Manifests.DefaultWireGuard + "\n    mtu: big\n    dns: [nameserver]"));

        errors.Should().Equal(
            "test.yaml:4:9: metadata.name: \"Bad_Name\" is not a DNS-1123 label: lower-case letters, digits and '-', "
            + "starting and ending with a letter or digit",
            "test.yaml:13:10: spec.wireguard.mtu: expected an integer, got the string \"big\"",
            "test.yaml:14:11: spec.wireguard.dns[0]: \"nameserver\" is not an IP address: dns lists name server addresses");
    }

    [Fact]
    public void What_follows_from_an_unreadable_field_is_not_reported_again()
    {
        // The bad item empties addresses, the misspelt endpoint leaves endpoint unset and privateKey stands
        // in for privateKeyFile: none of that is worth a second error.
        var errors = Manifests.Errors(Manifests.Tunnel(wireguard: $"""
                privateKey: c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=
                addresses: [10.66.0.2/32, 7]
                peer:
                  publicKey: {Manifests.PublicKey}
                  endpont: vpn.example.net:51820
                  allowedIPs: [0.0.0.0/0]
            """));

        errors.Should().Equal(
            "test.yaml:7:5: spec.wireguard.privateKey: secrets are never inline: put the key in a file (mode 0600) and use privateKeyFile",
            "test.yaml:8:31: spec.wireguard.addresses[1]: expected a string, got the integer 7 (quote it if it is text)",
            "test.yaml:11:7: spec.wireguard.peer.endpont: unknown field \"endpont\" (did you mean \"endpoint\"?)");
    }

    [Fact]
    public void An_object_with_loading_errors_is_left_out_and_its_errors_name_it()
    {
        var set = Manifests.Load(Head + "  mode: sideways\n---\n" + Manifests.Tunnel("fine"));

        set.Objects.Select(o => o.Name).Should().Equal("fine");
        set.Errors.Should().ContainSingle().Which.Subject.Should().Be("Tunnel/lab-1");
    }

    [Fact]
    public void Errors_of_a_document_without_a_readable_name_name_no_object()
    {
        var set = Manifests.Load("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: [x]}\nspec: {}\n");

        set.Errors.Should().ContainSingle().Which.Subject.Should().BeNull();
    }
}
