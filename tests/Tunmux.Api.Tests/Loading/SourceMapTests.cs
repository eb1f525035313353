using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Loading;

public sealed class SourceMapTests
{
    private const string Yaml = """
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata:
          name: lab-1
          labels:
            site: lab
        spec:
          wireguard:
            peer:
              allowedIPs: [0.0.0.0/0, ::/0]
        """;

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("apiVersion", 1, 13)]
    [InlineData("kind", 2, 7)]
    [InlineData("metadata", 3, 1)]
    [InlineData("metadata.name", 4, 9)]
    [InlineData("metadata.labels", 5, 3)]
    [InlineData("metadata.labels.site", 6, 11)]
    [InlineData("spec", 7, 1)]
    [InlineData("spec.wireguard", 8, 3)]
    [InlineData("spec.wireguard.peer", 9, 5)]
    [InlineData("spec.wireguard.peer.allowedIPs", 10, 19)]
    [InlineData("spec.wireguard.peer.allowedIPs[0]", 10, 20)]
    [InlineData("spec.wireguard.peer.allowedIPs[1]", 10, 31)]
    public void Every_written_field_path_maps_to_where_it_was_written(string path, int line, int column)
    {
        var source = Manifests.Load(Yaml).Objects.Single().Source!;

        source.Positions.Should().ContainKey(path);
        source.PositionOf(path).Should().Be(new Model.SourcePosition(Manifests.File, line, column));
    }

    [Fact]
    public void A_field_that_was_not_written_maps_to_its_nearest_written_parent()
    {
        var source = Manifests.Load(Yaml).Objects.Single().Source!;

        source.Positions.Should().NotContainKey("spec.wireguard.peer.publicKey");
        source.PositionOf("spec.wireguard.peer.publicKey").Should().Be(new Model.SourcePosition(Manifests.File, 9, 5));
    }

    [Fact]
    public void The_source_map_names_the_file_the_object_came_from()
    {
        Manifests.Load(Yaml).Objects.Single().Source!.File.Should().Be(Manifests.File);
    }
}
