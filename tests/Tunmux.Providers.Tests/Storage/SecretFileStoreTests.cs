using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tunmux.Providers.Storage;

namespace Tunmux.Providers.Tests.Storage;

public sealed class SecretFileStoreTests : IDisposable
{
    // Reflection metadata is fine in a test; the product passes source-generated metadata.
    private static readonly JsonTypeInfo<Choice> Json =
        (JsonTypeInfo<Choice>)new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }.GetTypeInfo(typeof(Choice));

    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed record Choice(string Server);

    [Fact]
    public void ReadAll_lists_every_json_file_by_name_in_ordinal_order_and_skips_empty_ones()
    {
        var store = new SecretFileStore(Path.Combine(_root, "selections"));
        store.Write("b-tunnel.json", new Choice("CH#2"), Json);
        store.Write("A-tunnel.json", new Choice("US#1"), Json);
        File.WriteAllText(Path.Combine(store.Directory, "empty.json"), "null");
        File.WriteAllText(Path.Combine(store.Directory, "notes.txt"), "not a choice");

        store.ReadAll(Json).Should().Equal(("A-tunnel", new Choice("US#1")), ("b-tunnel", new Choice("CH#2")));
    }

    [Fact]
    public void ReadAll_of_a_folder_that_does_not_exist_yet_is_empty()
    {
        new SecretFileStore(Path.Combine(_root, "never-written")).ReadAll(Json).Should().BeEmpty();
    }
}
