using System.Text.Json;
using System.Text.Json.Nodes;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Daemon.Control.Protocol;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Reports;

namespace Tunmux.Daemon.Tests.Control.Handling;

/// <summary>
/// Issue #9: the handler decodes typed requests, checks them and the peer's choices, and hands
/// only admitted manifests to the engine, with the files the client sent; it never reads a path.
/// </summary>
public sealed class ControlRequestHandlerTests : IDisposable
{
    private const string Key = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private static readonly PeerCredentials Member = new(4242, 1000, 1000);
    private static readonly PeerCredentials Root = new(4242, 0, 0);

    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-handler-").FullName;
    private readonly FakeOperations _operations = new();
    private readonly ControlRequestHandler _handler;

    public ControlRequestHandlerTests() => _handler = new ControlRequestHandler(_operations, new ForwardedFileStore(Path.Combine(_root, "forwarded")));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Tunnel(string keyFile, string extra = "") => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: lab-1{"}"}
        spec:
        {extra}  wireguard:
            privateKeyFile: {keyFile}
            addresses: [10.66.1.2/32]
            peer:
              publicKey: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
              endpoint: 198.18.1.2:51820
              allowedIPs: [0.0.0.0/0]
        """;

    private Task<ControlResponse> SendAsync(string kind, object body, PeerCredentials peer) =>
        _handler.HandleAsync(new ControlRequest(ControlProtocol.Version, kind, JsonSerializer.SerializeToNode(body, body.GetType(), ControlJsonContext.Default) as JsonObject), peer, CancellationToken.None);

    private static OperationReport Report(ControlResponse response)
    {
        response.Ok.Should().BeTrue(response.Error);
        return response.Body.Deserialize(ControlJsonContext.Default.OperationReport)!;
    }

    [Fact]
    public async Task The_old_command_line_request_is_unknown()
    {
        var response = await _handler.HandleAsync(
            new ControlRequest(ControlProtocol.Version, "run", new JsonObject { ["args"] = new JsonArray("get", "tunnels", "@/root/secret") }), Member, CancellationToken.None);

        response.Ok.Should().BeFalse();
        response.Code.Should().Be(ControlErrorCodes.UnknownKind);
        response.Error.Should().NotContain("/root/secret");
    }

    [Fact]
    public async Task A_body_with_an_unknown_member_or_a_wrong_type_is_refused_without_quoting_it()
    {
        var extra = new JsonObject { ["kind"] = "tunnels", ["name"] = null, ["args"] = new JsonArray("@/root/secret") };
        var wrongType = new JsonObject { ["kind"] = "tunnels", ["name"] = new JsonArray("/root/secret") };
        var missing = new JsonObject { ["name"] = "lab-1" };

        foreach (var body in new[] { extra, wrongType, missing })
        {
            var response = await _handler.HandleAsync(new ControlRequest(ControlProtocol.Version, RequestKinds.Get, body), Member, CancellationToken.None);
            response.Ok.Should().BeFalse();
            response.Code.Should().Be(ControlErrorCodes.InvalidRequest);
            response.Error.Should().Be("invalid get request: the body does not match the get request's fields");
        }

        _operations.Views.Should().Be(0);
    }

    [Fact]
    public async Task Field_problems_are_named_and_nothing_runs()
    {
        var response = await SendAsync(RequestKinds.Apply, new ApplyRequest([new ManifestText("../lab.yaml", Tunnel("/k"))], [], false, false), Member);

        response.Code.Should().Be(ControlErrorCodes.InvalidRequest);
        response.Error.Should().Be("invalid apply request: manifests[0].path: must be an absolute, normalized path without control characters");
        _operations.Applied.Should().BeEmpty();
    }

    [Fact]
    public async Task A_referenced_file_the_client_did_not_send_is_an_error_even_when_the_daemon_could_read_it()
    {
        var onDisk = Path.Combine(_root, "readable.key");
        await File.WriteAllTextAsync(onDisk, Key);

        var report = Report(await SendAsync(RequestKinds.Apply, new ApplyRequest([new ManifestText("/home/u/lab.yaml", Tunnel(onDisk))], [], false, false), Root));

        report.Errors.Should().ContainSingle().Which.ToString().Should()
            .Be($"/home/u/lab.yaml:6:21: spec.wireguard.privateKeyFile: {onDisk}: the client sent no content for this file (clients read the files a manifest names and send them)");
        _operations.Applied.Should().BeEmpty();
        JsonSerializer.Serialize(report, ControlJsonContext.Default.OperationReport).Should().NotContain(Key);
    }

    [Fact]
    public async Task The_clients_problem_with_a_file_is_passed_on_at_its_field()
    {
        var report = Report(await SendAsync(
            RequestKinds.Diff,
            new DiffRequest([new ManifestText("/home/u/lab.yaml", Tunnel("/root/secret.key"))], [new ReferencedFile("/root/secret.key", null, "permission denied")], false),
            Member));

        report.Errors.Should().ContainSingle().Which.Message.Should().Be("cannot read /root/secret.key: permission denied");
    }

    [Fact]
    public async Task Relative_references_resolve_against_the_manifests_folder_as_text_and_point_at_the_daemons_copy()
    {
        var report = Report(await SendAsync(
            RequestKinds.Apply,
            new ApplyRequest([new ManifestText("/home/u/exits/lab.yaml", Tunnel("../keys/client.key"))], [new ReferencedFile("/home/u/keys/client.key", Key + "\n", null)], false, false),
            Member));

        report.IsInvalid.Should().BeFalse();
        var applied = _operations.Applied.Should().ContainSingle().Subject.Tunnels.Should().ContainSingle().Subject;
        var copy = applied.Spec.WireGuard!.PrivateKeyFile!;
        Path.GetDirectoryName(copy).Should().Be(Path.Combine(_root, "forwarded"));
        (await File.ReadAllTextAsync(copy)).Should().Be(Key + "\n");
    }

    [Fact]
    public async Task Copies_no_stored_object_uses_are_removed_after_each_change()
    {
        var request = new ApplyRequest([new ManifestText("/home/u/lab.yaml", Tunnel("/home/u/client.key"))], [new ReferencedFile("/home/u/client.key", Key, null)], false, false);
        Report(await SendAsync(RequestKinds.Apply, request, Member));
        Directory.GetFiles(Path.Combine(_root, "forwarded")).Should().ContainSingle();

        Report(await SendAsync(RequestKinds.Apply, request with { DryRun = true, Files = [new ReferencedFile("/home/u/client.key", Key.Replace('Y', 'Z'), null)] }, Member));
        Directory.GetFiles(Path.Combine(_root, "forwarded")).Should().ContainSingle("a dry run stores nothing");

        Report(await SendAsync(RequestKinds.Delete, new DeleteRequest([], "tunnel", ["lab-1"], false, false), Member));
        Directory.GetFiles(Path.Combine(_root, "forwarded")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_member_asking_for_root_only_choices_gets_permission_denied_at_each_field()
    {
        const string proxy = """
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {name: lab-1}
            spec:
              tunnelRef: lab-1
              allowNonLoopback: true
              socks: {listen: "0.0.0.0:1080"}
              http: {listen: "127.0.0.1:81"}
            """;
        var manifests = new List<ManifestText>
        {
            new("/home/u/tunnel.yaml", Tunnel("/home/u/client.key", "  portForwarding: true\n  portForwardingHook: [/bin/sh, -c, id]\n")),
            new("/home/u/proxy.yaml", proxy),
        };
        var request = new ApplyRequest(manifests, [new ReferencedFile("/home/u/client.key", Key, null)], false, false);

        var report = Report(await SendAsync(RequestKinds.Apply, request, Member));

        report.Errors.Select(e => $"{e.FieldPath}: {e.Message}").Should().BeEquivalentTo(
            "spec.portForwardingHook: permission denied: a hook runs as root, so only root may declare one (apply as root, or put the manifest in the daemon's manifest folder); uid 1000 is not root",
            "spec.allowNonLoopback: permission denied: only root may expose a proxy beyond loopback; uid 1000 is not root",
            "spec.socks.listen: permission denied: only root may listen beyond loopback (127.0.0.0/8 or ::1); uid 1000 is not root",
            "spec.http.listen: permission denied: only root may listen on a port below 1024; uid 1000 is not root");
        _operations.Applied.Should().BeEmpty();

        Report(await SendAsync(RequestKinds.Apply, request, Root)).IsInvalid.Should().BeFalse();
        _operations.Applied.Should().ContainSingle();
    }

    [Fact]
    public async Task A_direct_tunnel_is_roots_alone_to_declare()
    {
        // A direct tunnel routes and firewalls all of the host's traffic: a group member must not take it over.
        var request = new ApplyRequest(
            [new ManifestText("/home/u/direct.yaml", Tunnel("/home/u/client.key", "  mode: direct\n"))],
            [new ReferencedFile("/home/u/client.key", Key, null)], false, false);

        var report = Report(await SendAsync(RequestKinds.Apply, request, Member));

        report.Errors.Select(e => $"{e.FieldPath}: {e.Message}").Should().ContainSingle().Which.Should().Be(
            "spec.mode: permission denied: a direct tunnel takes over all of the host's traffic and its firewall, so only root may declare one (apply as root, or put the manifest in the daemon's manifest folder); uid 1000 is not root");
        _operations.Applied.Should().BeEmpty();

        Report(await SendAsync(RequestKinds.Apply, request, Root)).IsInvalid.Should().BeFalse();
        _operations.Applied.Should().ContainSingle();
    }

    [Fact]
    public async Task A_member_may_not_replace_prune_or_delete_roots_direct_tunnel()
    {
        // Root's direct tunnel holds the host's kill switch: a member lifting it (by replacing the
        // tunnel with a proxy-mode one, pruning it away or deleting it) is as root-only as declaring it.
        _operations.Stored.Add(ManifestLoader.LoadText(Tunnel("/k", "  mode: direct\n"), "/etc/tunmux/direct.yaml").Objects.Single());
        var replace = new ApplyRequest(
            [new ManifestText("/home/u/t.yaml", Tunnel("/home/u/client.key"))], [new ReferencedFile("/home/u/client.key", Key, null)], false, false);
        var other = new ApplyRequest(
            [new ManifestText("/home/u/t.yaml", Tunnel("/home/u/client.key").Replace("name: lab-1", "name: lab-2", StringComparison.Ordinal))],
            [new ReferencedFile("/home/u/client.key", Key, null)], true, false);

        var replaced = Report(await SendAsync(RequestKinds.Apply, replace, Member));
        var pruned = Report(await SendAsync(RequestKinds.Apply, other, Member));
        var deleted = Report(await SendAsync(RequestKinds.Delete, new DeleteRequest([], "tunnels", ["lab-1"], false, false), Member));
        var all = Report(await SendAsync(RequestKinds.Delete, new DeleteRequest([], null, [], true, false), Member));

        foreach (var report in new[] { replaced, pruned, deleted, all })
        {
            report.Errors.Should().ContainSingle().Which.Message.Should().StartWith("permission denied: Tunnel/lab-1 is a direct tunnel");
        }

        _operations.Applied.Should().BeEmpty();
        _operations.Deleted.Should().BeEmpty();
        _operations.Stored.Should().ContainSingle();

        // Root may; and a member's change that leaves the direct tunnel alone goes through.
        Report(await SendAsync(RequestKinds.Apply, other with { Prune = false }, Member)).IsInvalid.Should().BeFalse();
        Report(await SendAsync(RequestKinds.Delete, new DeleteRequest([], "tunnels", ["lab-1"], false, false), Root)).IsInvalid.Should().BeFalse();
        _operations.Stored.Should().NotContain(o => o.Name == "lab-1");
    }

    [Fact]
    public async Task A_members_proxy_may_not_go_through_another_members_tunnel_but_through_one_it_declares_with_it()
    {
        // Another member (uid 1001) declares lab-1. Member 1000 re-applies it unchanged (allowed: it
        // stays 1001's) with a proxy through it, which would pin it: the apply is refused whole.
        var other = new PeerCredentials(4243, 1001, 1001);
        var key = new ReferencedFile("/home/u/client.key", Key, null);
        var tunnel = Tunnel("/home/u/client.key");
        const string Proxy = "apiVersion: tunmux.io/v1alpha1\nkind: Proxy\nmetadata: {name: p-1}\nspec:\n  tunnelRef: lab-1\n";
        Report(await SendAsync(RequestKinds.Apply, new ApplyRequest([new ManifestText("/home/u/t.yaml", tunnel)], [key], false, false), other)).IsInvalid.Should().BeFalse();

        var refused = Report(await SendAsync(RequestKinds.Apply, new ApplyRequest(
            [new ManifestText("/home/u/t.yaml", tunnel), new ManifestText("/home/u/p.yaml", Proxy)], [key], false, false), Member));
        var own = Replace(tunnel, "lab-1", "lab-2") + "\n---\n" + Replace(Proxy, "lab-1", "lab-2");
        var withOwnTunnel = Report(await SendAsync(RequestKinds.Apply, new ApplyRequest([new ManifestText("/home/u/both.yaml", own)], [key], false, false), Member));

        refused.Errors.Should().ContainSingle().Which.ToString().Should().Be(
            "/home/u/p.yaml:5:14: spec.tunnelRef: permission denied: Tunnel/lab-1 was declared by uid 1001; a member's proxy may go only through its own tunnels or root's "
            + "(a proxy pins its tunnel: the tunnel's owner could no longer delete it); uid 1000 may not use it");
        withOwnTunnel.IsInvalid.Should().BeFalse();
        _operations.Applied.Should().HaveCount(2, "the refused change never reached the engine");
        _operations.Stored.Select(o => (o.KindAndName, o.OwnerUid)).Should().BeEquivalentTo(
            [("Tunnel/lab-1", 1001u), ("Tunnel/lab-2", 1000u), ("Proxy/p-1", 1000u)]);
        _operations.Stored.OfType<ProxyManifest>().Single().Spec.TunnelRef.Should().Be("lab-2");
    }

    private static string Replace(string text, string from, string to) => text.Replace(from, to, StringComparison.Ordinal);

    [Fact]
    public async Task Hook_arguments_are_shown_to_root_only()
    {
        var tunnel = ManifestLoader.LoadText(Tunnel("/k", "  portForwarding: true\n  portForwardingHook: [/usr/local/bin/hook, --token, s3cret]\n"), "/x.yaml").Objects.Single();
        _operations.Declared.Add(tunnel);

        var member = await SendAsync(RequestKinds.Get, new GetRequest("tunnels", null), Member);
        var root = await SendAsync(RequestKinds.Status, new StatusRequest(), Root);

        member.Body!["manifests"]!.GetValue<string>().Should().Contain("/usr/local/bin/hook").And.Contain(PeerPolicy.Redacted).And.NotContain("s3cret").And.NotContain("--token");
        root.Body!["manifests"]!.GetValue<string>().Should().Contain("s3cret");
    }

    [Fact]
    public async Task Wait_hands_the_subjects_and_the_requests_timeout_to_the_engine_and_marks_what_waiting_cannot_fix()
    {
        _operations.Verdicts =
        [
            new SubjectVerdict("tunnel/lab-1", SubjectState.Ready, "Ready", "reconciled"),
            new SubjectVerdict("tunnel/lab-2", SubjectState.Pending, "RequeueAfter", "the host does not match yet"),
            new SubjectVerdict("proxy/gone", SubjectState.Failed, "NotFound", "no manifest declares it"),
            new SubjectVerdict("proxy/lab-3", SubjectState.Pending, "Pending", "no reconcile has finished since the wait began") { NoFreshPass = true },
        ];

        var response = await SendAsync(RequestKinds.Wait, new WaitRequest(["tunnel/lab-1", "tunnel/lab-2", "proxy/gone", "proxy/lab-3"], 7_000), Member);

        _operations.Waits.Should().ContainSingle().Which.Timeout.Should().Be(TimeSpan.FromSeconds(7), "the daemon waits as long as the request says, through the engine");
        _operations.Waits[0].Subjects.Should().Equal("tunnel/lab-1", "tunnel/lab-2", "proxy/gone", "proxy/lab-3");
        _operations.Views.Should().Be(0, "waiting hears outcomes; it does not poll the view");
        var reply = response.Body.Deserialize(ControlJsonContext.Default.WaitReply)!;
        reply.AllReady.Should().BeFalse();
        reply.Readiness.Should().Equal(
            new ObjectReadiness("tunnel/lab-1", true, "Ready", "reconciled") { Settled = true },
            new ObjectReadiness("tunnel/lab-2", false, "RequeueAfter", "the host does not match yet"),
            new ObjectReadiness("proxy/gone", false, "NotFound", "no manifest declares it") { Settled = true },
            new ObjectReadiness("proxy/lab-3", false, "Pending", "no reconcile has finished since the wait began") { NoNewPass = true });
    }
}
