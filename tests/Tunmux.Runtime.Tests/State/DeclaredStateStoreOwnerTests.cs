using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.State;

/// <summary>
/// Issue #9 follow-up: the declared-state file keeps who declared each object. A file written before
/// owners existed, or one with a value that is not a uid, reads as root's (no member may change it).
/// </summary>
public sealed class DeclaredStateStoreOwnerTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly DeclaredStateStore _store;

    public DeclaredStateStoreOwnerTests() => _store = new DeclaredStateStore(_workspace.Paths);

    public void Dispose() => _workspace.Dispose();

    private ManifestObject Loaded(string name) => _workspace.Manifests(TempWorkspace.Tunnel(name), $"{name}.yaml").Objects.Single();

    [Fact]
    public void Each_objects_owner_is_stored_and_loads_back_without_showing_as_a_label()
    {
        _store.Save([Loaded("lab-1") with { OwnerUid = 1000 }, Loaded("lab-2") with { OwnerUid = 1001 }, Loaded("lab-3")]);

        var loaded = _store.Load();

        loaded.Errors.Should().BeEmpty();
        loaded.Objects.Select(o => (o.Name, o.OwnerUid)).Should().Equal(("lab-1", 1000u), ("lab-2", 1001u), ("lab-3", 0u));
        loaded.Objects.Should().OnlyContain(o => !o.Metadata.Labels.ContainsKey(DeclaredOwner.Label));
        var text = File.ReadAllText(_store.Path);
        text.Should().Contain("tunmux.io/owner-uid: \"1000\"").And.Contain("tunmux.io/owner-uid: \"1001\"");
    }

    [Fact]
    public void A_root_owned_object_is_stored_as_before_owners_existed()
    {
        var tunnel = Loaded("lab-1");
        _store.Save([tunnel]);

        File.ReadAllText(_store.Path).Should().Be(ManifestWriter.ToYaml([tunnel]), "root's objects keep the old file format");
    }

    [Fact]
    public void An_entry_stored_without_an_owner_reads_as_roots()
    {
        // The file as a daemon before owners wrote it.
        Directory.CreateDirectory(_workspace.Paths.StateDir);
        File.WriteAllText(_store.Path, ManifestWriter.ToYaml([Loaded("legacy")]));

        var loaded = _store.Load();

        loaded.Errors.Should().BeEmpty();
        loaded.Objects.Should().ContainSingle().Which.OwnerUid.Should().Be(0u);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("4294967295")]
    [InlineData("99999999999")]
    [InlineData("0x3e8")]
    [InlineData("01000")]
    [InlineData("1000.0")]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    public void A_planted_owner_that_is_not_a_uid_reads_as_roots(string planted)
    {
        Directory.CreateDirectory(_workspace.Paths.StateDir);
        var member = ManifestWriter.ToYaml([Loaded("lab-1") with { OwnerUid = 1000 }]);
        File.WriteAllText(_store.Path, member.Replace("tunmux.io/owner-uid: \"1000\"", $"tunmux.io/owner-uid: \"{planted}\"", StringComparison.Ordinal));

        var loaded = _store.Load();

        loaded.Objects.Should().ContainSingle().Which.OwnerUid.Should().Be(0u, "a value that is not a uid hands the object to no member");
        loaded.Objects[0].Metadata.Labels.Should().NotContainKey(DeclaredOwner.Label);
    }

    [Fact]
    public void A_label_the_manifest_set_itself_is_replaced_by_the_recorded_owner()
    {
        var planted = Loaded("lab-1") with { OwnerUid = 1000 };
        planted = planted with { Metadata = planted.Metadata with { Labels = new Dictionary<string, string> { [DeclaredOwner.Label] = "0", ["team"] = "blue" } } };

        _store.Save([planted]);

        var loaded = _store.Load().Objects.Single();
        loaded.OwnerUid.Should().Be(1000u);
        loaded.Metadata.Labels.Should().Equal(new Dictionary<string, string> { ["team"] = "blue" });
    }
}
