using System.Text.Json.Nodes;
using Tunmux.Api.Schema;
using Tunmux.Api.Schema.Crd;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Schema;

/// <summary>
/// charts/tunmux/crds/ holds the CustomResourceDefinitions generated from the same field tables as
/// schemas/ (issue #11); these tests keep the committed files current and structural.
/// </summary>
public sealed class CustomResourceDefinitionTests
{
    private const string Regenerate = "UPDATE_SCHEMAS=1 dotnet test tests/Tunmux.Api.Tests";

    public static TheoryData<string> Kinds() => new(CustomResourceKind.All.Select(k => k.Kind));

    private static CustomResourceKind KindNamed(string kind) => CustomResourceKind.All.Single(k => k.Kind == kind);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_committed_definition_matches_the_field_tables(string kind)
    {
        var resource = KindNamed(kind);
        var file = RepositoryRoot.Combine("charts", "tunmux", "crds", resource.FileName);
        var generated = CustomResourceDefinitionGenerator.GenerateText(resource);
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(file, generated);
        }

        File.Exists(file).Should().BeTrue($"{resource.FileName} must exist; create it with {Regenerate}");
        File.ReadAllText(file).Should().Be(generated, $"{resource.FileName} is stale: regenerate it with {Regenerate}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_definition_reads_back_as_YAML_to_the_same_tree(string kind)
    {
        var resource = KindNamed(kind);
        var text = CustomResourceDefinitionGenerator.GenerateText(resource);

        var parsed = YamlToJson.Documents(text).Should().ContainSingle().Subject;

        JsonNode.DeepEquals(parsed, CustomResourceDefinitionGenerator.Generate(resource)).Should().BeTrue(text);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_spec_field_of_the_kind_is_in_the_definition(string kind)
    {
        var spec = Version(KindNamed(kind))["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!.AsObject();
        var fields = ManifestSchema.Kinds[kind].Find("spec")!.Shape;

        spec.Select(p => p.Key).Should().Equal(((ObjectShape)fields).Fields.Select(f => f.Name));
        spec.Should().ContainKey("nodeSelector");
        spec["nodeSelector"]!["additionalProperties"]!["type"]!.GetValue<string>().Should().Be("string");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Status_nodes_is_a_list_map_keyed_by_node_with_the_status_subresource(string kind)
    {
        var version = Version(KindNamed(kind));
        var nodes = version["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!["properties"]!["nodes"]!;

        version["subresources"]!["status"].Should().BeOfType<JsonObject>();
        nodes["x-kubernetes-list-type"]!.GetValue<string>().Should().Be("map");
        nodes["x-kubernetes-list-map-keys"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("node");
        nodes["items"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain("node");
        version["additionalPrinterColumns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().Contain(["Nodes", "Age"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_schema_is_structural(string kind)
    {
        var root = Version(KindNamed(kind))["schema"]!["openAPIV3Schema"]!;

        foreach (var node in Walk(root))
        {
            node.ContainsKey("type").Should().BeTrue($"every schema node needs a type: {node.ToJsonString()}");
            (node.ContainsKey("properties") && node.ContainsKey("additionalProperties")).Should().BeFalse(
                "properties and additionalProperties exclude each other in a structural schema");
            node.ContainsKey("default").Should().BeFalse("defaults would rewrite stored objects");
        }
    }

    private static JsonObject Version(CustomResourceKind kind) =>
        CustomResourceDefinitionGenerator.Generate(kind)["spec"]!["versions"]![0]!.AsObject();

    private static IEnumerable<JsonObject> Walk(JsonNode schema)
    {
        var node = schema.AsObject();
        yield return node;
        var children = (node["properties"] as JsonObject)?.Select(p => p.Value!) ?? [];
        if (node["items"] is { } items)
        {
            children = children.Append(items);
        }

        if (node["additionalProperties"] is JsonObject values)
        {
            children = children.Append(values);
        }

        foreach (var child in children.SelectMany(Walk))
        {
            yield return child;
        }
    }
}
