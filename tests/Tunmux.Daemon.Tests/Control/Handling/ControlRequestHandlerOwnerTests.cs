using System.Text.Json;
using System.Text.Json.Nodes;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Daemon.Control.Protocol;
using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Tests.Control.Handling;

/// <summary>
/// Issue #9 follow-up: through the socket a group member may change or delete only what it declared
/// itself; a change that would replace, prune or delete another uid's object is refused whole.
/// </summary>
public sealed class ControlRequestHandlerOwnerTests : IDisposable
{
    private const string Key = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private static readonly PeerCredentials MemberA = new(4242, 1000, 1000);
    private static readonly PeerCredentials MemberB = new(4243, 1001, 1001);
    private static readonly PeerCredentials Root = new(4244, 0, 0);

    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-owner-").FullName;
    private readonly FakeOperations _operations = new();
    private readonly ControlRequestHandler _handler;

    public ControlRequestHandlerOwnerTests() => _handler = new ControlRequestHandler(_operations, new ForwardedFileStore(Path.Combine(_root, "forwarded")));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ApplyRequest Apply(string name, string endpoint = "198.18.1.2:51820", bool prune = false, bool dryRun = false) => new(
        [new ManifestText($"/home/u/{name}.yaml", $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: {name}{"}"}
            spec:
              wireguard:
                privateKeyFile: /home/u/client.key
                addresses: [10.66.1.2/32]
                peer:
                  publicKey: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
                  endpoint: {endpoint}
                  allowedIPs: [0.0.0.0/0]
            """)],
        [new ReferencedFile("/home/u/client.key", Key, null)],
        prune,
        dryRun);

    private static ApplyRequest ApplyProxy(string name, string tunnel) => new(
        [new ManifestText($"/home/u/{name}.yaml", $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {"{"}name: {name}{"}"}
            spec:
              tunnelRef: {tunnel}
            """)],
        [],
        false,
        false);

    private static DeleteRequest DeleteTunnels(params string[] names) => new([], "tunnels", names, false, false);

    private async Task<OperationReport> SendAsync(string kind, object body, PeerCredentials peer)
    {
        var response = await _handler.HandleAsync(
            new ControlRequest(ControlProtocol.Version, kind, JsonSerializer.SerializeToNode(body, body.GetType(), ControlJsonContext.Default) as JsonObject), peer, CancellationToken.None);
        response.Ok.Should().BeTrue(response.Error);
        return response.Body.Deserialize(ControlJsonContext.Default.OperationReport)!;
    }

    private Dictionary<string, uint> Owners() => _operations.Stored.ToDictionary(o => o.Name, o => o.OwnerUid);

    /// <summary>lab-a declared by member A, lab-b by member B, lab-r by root.</summary>
    private async Task DeclareOneEachAsync()
    {
        (await SendAsync(RequestKinds.Apply, Apply("lab-a"), MemberA)).IsInvalid.Should().BeFalse();
        (await SendAsync(RequestKinds.Apply, Apply("lab-b"), MemberB)).IsInvalid.Should().BeFalse();
        (await SendAsync(RequestKinds.Apply, Apply("lab-r"), Root)).IsInvalid.Should().BeFalse();
        _operations.Applied.Clear();
    }

    private void NothingChanged()
    {
        _operations.Applied.Should().BeEmpty("a refused change reaches the engine not even in part");
        _operations.Deleted.Should().BeEmpty();
        Owners().Should().Equal(new Dictionary<string, uint> { ["lab-a"] = 1000, ["lab-b"] = 1001, ["lab-r"] = 0 });
    }

    [Fact]
    public async Task Each_object_belongs_to_the_uid_that_declared_it()
    {
        await DeclareOneEachAsync();

        NothingChanged();
    }

    [Fact]
    public async Task A_member_may_not_replace_another_members_or_roots_object()
    {
        await DeclareOneEachAsync();

        var b = await SendAsync(RequestKinds.Apply, Apply("lab-b", "198.18.9.9:51820"), MemberA);
        var r = await SendAsync(RequestKinds.Apply, Apply("lab-r", "198.18.9.9:51820"), MemberA);
        var diff = await SendAsync(RequestKinds.Diff, new DiffRequest(Apply("lab-b", "198.18.9.9:51820").Manifests, Apply("lab-b").Files, false), MemberA);

        b.Errors.Should().ContainSingle().Which.Message.Should().Be(
            "permission denied: Tunnel/lab-b was declared by uid 1001, so only that uid or root may replace or remove it; uid 1000 may not replace it");
        r.Errors.Should().ContainSingle().Which.Message.Should().StartWith("permission denied: Tunnel/lab-r was declared by uid 0");
        diff.Errors.Should().ContainSingle().Which.Subject.Should().Be("Tunnel/lab-b");
        NothingChanged();
    }

    [Fact]
    public async Task A_members_prune_that_would_remove_others_objects_is_refused_whole()
    {
        await DeclareOneEachAsync();

        var pruned = await SendAsync(RequestKinds.Apply, Apply("lab-a", "198.18.9.9:51820", prune: true), MemberA);

        pruned.Errors.Select(e => e.Subject).Should().Equal("Tunnel/lab-b", "Tunnel/lab-r");
        pruned.Errors.Should().OnlyContain(e => e.Message.EndsWith("uid 1000 may not remove it", StringComparison.Ordinal));
        NothingChanged();
    }

    [Fact]
    public async Task A_members_delete_that_selects_others_objects_is_refused_whole()
    {
        await DeclareOneEachAsync();
        var byManifest = new DeleteRequest(Apply("lab-b").Manifests, null, [], false, false);

        var reports = new[]
        {
            await SendAsync(RequestKinds.Delete, DeleteTunnels("lab-b"), MemberA),
            await SendAsync(RequestKinds.Delete, DeleteTunnels("lab-a", "lab-r"), MemberA),
            await SendAsync(RequestKinds.Delete, byManifest, MemberA),
            await SendAsync(RequestKinds.Delete, new DeleteRequest([], null, [], true, false), MemberA),
            await SendAsync(RequestKinds.Delete, DeleteTunnels("lab-b") with { DryRun = true }, MemberA),
        };

        reports.Should().OnlyContain(r => r.IsInvalid && r.Errors.All(e => e.Message.StartsWith("permission denied: ", StringComparison.Ordinal)));
        reports[3].Errors.Select(e => e.Subject).Should().Equal("Tunnel/lab-b", "Tunnel/lab-r");
        NothingChanged();
    }

    [Fact]
    public async Task A_member_may_change_and_delete_its_own_and_re_apply_anothers_unchanged()
    {
        await DeclareOneEachAsync();

        (await SendAsync(RequestKinds.Apply, Apply("lab-a", "198.18.9.9:51820"), MemberA)).IsInvalid.Should().BeFalse();
        (await SendAsync(RequestKinds.Apply, Apply("lab-b"), MemberA)).IsInvalid.Should().BeFalse("re-applying it unchanged changes nothing");
        Owners()["lab-b"].Should().Be(1001u, "an unchanged re-apply leaves the owner as it was");
        (await SendAsync(RequestKinds.Delete, DeleteTunnels("lab-a"), MemberA)).IsInvalid.Should().BeFalse();

        Owners().Should().Equal(new Dictionary<string, uint> { ["lab-b"] = 1001, ["lab-r"] = 0 });
    }

    [Fact]
    public async Task A_member_may_not_delete_its_tunnel_while_a_proxy_of_another_uid_leaves_through_it()
    {
        // Deleting a tunnel deletes the proxies that leave through it. Another member may not put one
        // there (it would pin the tunnel); root may, and then the member's delete would remove root's.
        await DeclareOneEachAsync();
        var tunnel = Apply("lab-a");
        var proxy = ApplyProxy("via-a", "lab-a");
        var both = tunnel with { Manifests = [.. tunnel.Manifests, .. proxy.Manifests] };
        (await SendAsync(RequestKinds.Apply, both, MemberB)).Errors.Should().ContainSingle()
            .Which.Message.Should().StartWith("permission denied: Tunnel/lab-a was declared by uid 1000;");
        (await SendAsync(RequestKinds.Apply, both, Root)).Errors.Should().BeEmpty();
        Owners().Should().Contain("lab-a", 1000u).And.Contain("via-a", 0u);

        var report = await SendAsync(RequestKinds.Delete, DeleteTunnels("lab-a"), MemberA);

        report.Errors.Should().ContainSingle().Which.Subject.Should().Be("Proxy/via-a");
        _operations.Deleted.Should().BeEmpty();
    }

    [Fact]
    public async Task Root_may_change_anything_and_an_object_root_replaces_becomes_roots()
    {
        await DeclareOneEachAsync();

        (await SendAsync(RequestKinds.Apply, Apply("lab-b", "198.18.9.9:51820"), Root)).IsInvalid.Should().BeFalse();
        Owners()["lab-b"].Should().Be(0u);
        (await SendAsync(RequestKinds.Delete, DeleteTunnels("lab-b"), MemberB)).Errors.Should().ContainSingle()
            .Which.Message.Should().StartWith("permission denied: Tunnel/lab-b was declared by uid 0");
        (await SendAsync(RequestKinds.Delete, DeleteTunnels("lab-a"), Root)).IsInvalid.Should().BeFalse();

        Owners().Should().Equal(new Dictionary<string, uint> { ["lab-b"] = 0, ["lab-r"] = 0 });
    }
}
