using System.Text.Json.Nodes;
using Tunmux.Api.Model;
using Tunmux.Api.Tests.Schema;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests;

/// <summary>Every manifest under examples/ loads, validates and matches the committed schemas.</summary>
public sealed class ExamplesTests
{
    public static TheoryData<string> ExampleFiles() => new(ExampleNames());

    private static string[] ExampleNames() =>
        Directory.EnumerateFiles(RepositoryRoot.Combine("examples"))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void The_documented_examples_exist()
    {
        ExampleNames().Should().Contain(["wireguard-inline.yaml", "wireguard-config-file.yaml"]);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_loads_and_validates_without_errors(string name)
    {
        var set = ManifestValidator.Validate(ManifestLoader.LoadPath(RepositoryRoot.Combine("examples", name)));

        set.Errors.Select(e => e.ToString()).Should().BeEmpty();
        set.Objects.Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_matches_the_committed_schema_of_its_kind(string name)
    {
        var documents = YamlToJson.Documents(File.ReadAllText(RepositoryRoot.Combine("examples", name)));

        documents.Should().NotBeEmpty();
        foreach (var document in documents)
        {
            var kind = document!["kind"]!.GetValue<string>();
            var schemaFile = RepositoryRoot.Combine("schemas", $"{kind.ToLowerInvariant()}.schema.json");
            var schema = JsonNode.Parse(File.ReadAllText(schemaFile))!.AsObject();

            SchemaValidation.Errors(document, schema).Should().BeEmpty($"{name} must match {schemaFile}");
        }
    }

    [Fact]
    public void The_inline_example_references_key_files_that_exist_and_hold_keys()
    {
        var tunnel = ManifestLoader.LoadPath(RepositoryRoot.Combine("examples", "wireguard-inline.yaml")).Tunnels.Single();
        var files = new[] { tunnel.Spec.WireGuard!.PrivateKeyFile!, tunnel.Spec.WireGuard.Peer!.PresharedKeyFile! };

        foreach (var file in files)
        {
            file.Should().StartWith(RepositoryRoot.Combine("examples", "keys") + Path.DirectorySeparatorChar);
            var key = File.ReadAllText(file).Trim();
            Convert.FromBase64String(key).Should().HaveCount(32, $"{file} holds a WireGuard key");
        }
    }

    [Fact]
    public void The_config_file_example_references_a_wg_quick_file_beside_it()
    {
        var tunnel = ManifestLoader.LoadPath(RepositoryRoot.Combine("examples", "wireguard-config-file.yaml")).Tunnels.Single();

        var text = File.ReadAllText(tunnel.Spec.WireGuard!.ConfigFile!);

        text.Should().Contain("[Interface]").And.Contain("[Peer]").And.Contain("PrivateKey = ");
    }

    [Fact]
    public void Examples_name_no_tunnel_that_is_not_in_the_same_file()
    {
        foreach (var name in ExampleNames())
        {
            var set = ManifestLoader.LoadPath(RepositoryRoot.Combine("examples", name));
            var tunnels = set.Tunnels.Select(t => t.Name).ToHashSet();

            set.Proxies.Should().OnlyContain(p => tunnels.Contains(p.Spec.TunnelRef), $"{name} is complete on its own");
        }
    }
}
