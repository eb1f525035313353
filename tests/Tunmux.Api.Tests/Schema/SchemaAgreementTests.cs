using System.Text.Json.Nodes;
using Tunmux.Api.Schema;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Schema;

/// <summary>The schema and the loader accept and refuse the same shapes.</summary>
public sealed class SchemaAgreementTests
{
    private static IReadOnlyList<string> SchemaErrors(string yaml)
    {
        var document = YamlToJson.Documents(yaml).Single()!;
        var kind = document["kind"]!.GetValue<string>();
        return JsonSchemaSubset.Validate(document, JsonSchemaGenerator.Generate(kind));
    }

    [Fact]
    public void A_valid_manifest_passes_the_schema()
    {
        SchemaErrors(Manifests.Tunnel()).Should().BeEmpty();
        SchemaErrors(Manifests.Proxy("p", "lab-1", "  socks: {listen: 127.0.0.1}\n  accessLog: true")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("  colour: blue\n", "/spec/colour: property colour is not allowed")]
    [InlineData("  mode: Proxy\n", "/spec/mode: \"Proxy\" is not one of [\"proxy\",\"direct\"]")]
    [InlineData("  wireguard: {mtu: \"1420\"}\n", "/spec/wireguard/mtu: expected integer, got string")]
    [InlineData("  wireguard: {mtu: 100}\n", "/spec/wireguard/mtu: 100 is below the minimum 1280")]
    [InlineData("  wireguard: {privateKey: abc}\n", "/spec/wireguard/privateKey: property privateKey is not allowed")]
    [InlineData("  wireguard: {peer: {publicKey: short}}\n",
        "/spec/wireguard/peer/publicKey: \"short\" does not match ^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")]
    public void What_the_loader_or_validator_refuses_the_schema_refuses_too(string spec, string schemaError)
    {
        var yaml = "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: a}\nspec:\n" + spec;

        Manifests.Errors(yaml).Should().NotBeEmpty();
        SchemaErrors(yaml).Should().Equal(schemaError);
    }

    [Fact]
    public void Missing_required_fields_fail_the_schema()
    {
        SchemaErrors("kind: Proxy\nmetadata: {}\nspec: {}\n").Should().Equal(
            ": missing required property apiVersion",
            "/metadata: missing required property name",
            "/spec: missing required property tunnelRef");
    }

    [Fact]
    public void Label_values_must_be_strings_in_the_schema()
    {
        SchemaErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: a, labels: {tier: 2}}\nspec: {}\n")
            .Should().Equal("/metadata/labels/tier: expected string, got number");
    }

    [Fact]
    public void The_validator_refuses_keywords_it_does_not_know()
    {
        var schema = new JsonObject { ["format"] = "ipv4" };

        var act = () => JsonSchemaSubset.Validate(JsonValue.Create("x"), schema);

        act.Should().Throw<NotSupportedException>();
    }
}
