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
        return SchemaValidation.Errors(document, JsonSchemaGenerator.Generate(kind));
    }

    [Fact]
    public void A_valid_manifest_passes_the_schema()
    {
        SchemaErrors(Manifests.Tunnel()).Should().BeEmpty();
        SchemaErrors(Manifests.Proxy("p", "lab-1", "  socks: {listen: 127.0.0.1}\n  accessLog: true")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("  colour: blue\n", "/spec")]
    [InlineData("  mode: Proxy\n", "/spec/mode: enum")]
    [InlineData("  wireguard: {mtu: \"1420\"}\n", "/spec/wireguard/mtu: type")]
    [InlineData("  wireguard: {mtu: 100}\n", "/spec/wireguard/mtu: minimum")]
    [InlineData("  wireguard: {privateKey: abc}\n", "/spec/wireguard")]
    [InlineData("  wireguard: {peer: {publicKey: short}}\n", "/spec/wireguard/peer/publicKey: pattern")]
    public void What_the_loader_or_validator_refuses_the_schema_refuses_too(string spec, string schemaError)
    {
        var yaml = "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: a}\nspec:\n" + spec;

        Manifests.Errors(yaml).Should().NotBeEmpty();
        SchemaErrors(yaml).Should().Contain(error => error.StartsWith(schemaError, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_required_fields_fail_the_schema()
    {
        var errors = SchemaErrors("kind: Proxy\nmetadata: {}\nspec: {}\n");

        errors.Should().Contain(error => error.StartsWith(": required", StringComparison.Ordinal) && error.Contains("apiVersion", StringComparison.Ordinal));
        errors.Should().Contain(error => error.StartsWith("/metadata: required", StringComparison.Ordinal) && error.Contains("name", StringComparison.Ordinal));
        errors.Should().Contain(error => error.StartsWith("/spec: required", StringComparison.Ordinal) && error.Contains("tunnelRef", StringComparison.Ordinal));
    }

    [Fact]
    public void Label_values_must_be_strings_in_the_schema()
    {
        SchemaErrors("apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: a, labels: {tier: 2}}\nspec: {}\n")
            .Should().Contain(error => error.StartsWith("/metadata/labels/tier: type", StringComparison.Ordinal));
    }
}
