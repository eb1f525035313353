using Tunmux.Api.Schema;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Schema;

/// <summary>schemas/*.schema.json are generated from the field tables; these tests keep the committed files current.</summary>
public sealed class SchemaFilesTests
{
    private const string Regenerate = "UPDATE_SCHEMAS=1 dotnet test tests/Tunmux.Api.Tests";

    public static TheoryData<string> Kinds() => new(ManifestSchema.Kinds.Keys);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_committed_schema_matches_the_field_tables(string kind)
    {
        var file = RepositoryRoot.Combine("schemas", JsonSchemaGenerator.FileNameFor(kind));
        var generated = JsonSchemaGenerator.GenerateText(kind);
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(file, generated);
        }

        File.Exists(file).Should().BeTrue($"schemas/{Path.GetFileName(file)} must exist; create it with {Regenerate}");
        File.ReadAllText(file).Should().Be(generated,
            $"schemas/{Path.GetFileName(file)} is stale: the field tables changed. Regenerate it with {Regenerate}");
    }

    [Fact]
    public void Every_schema_file_belongs_to_a_kind()
    {
        var expected = ManifestSchema.Kinds.Keys.Select(JsonSchemaGenerator.FileNameFor);

        Directory.EnumerateFiles(RepositoryRoot.Combine("schemas"), "*.schema.json").Select(Path.GetFileName)
            .Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void The_schema_documents_every_field_and_its_bounds()
    {
        var tunnel = JsonSchemaGenerator.Generate("Tunnel");
        var wireGuard = tunnel["properties"]!["spec"]!["properties"]!["wireguard"]!;
        var mtu = wireGuard["properties"]!["mtu"]!;

        tunnel["$schema"]!.GetValue<string>().Should().Be("https://json-schema.org/draft/2020-12/schema");
        tunnel["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("apiVersion", "kind", "metadata", "spec");
        wireGuard["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        mtu["type"]!.GetValue<string>().Should().Be("integer");
        mtu["minimum"]!.GetValue<int>().Should().Be(ManifestLimits.MinMtu);
        mtu["maximum"]!.GetValue<int>().Should().Be(ManifestLimits.MaxMtu);
        mtu["description"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        tunnel["properties"]!["spec"]!["properties"]!["mode"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal("proxy", "direct");
    }
}
