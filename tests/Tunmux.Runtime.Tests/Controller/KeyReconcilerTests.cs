using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;
using static Tunmux.Runtime.Tests.Operations.TempWorkspace;

namespace Tunmux.Runtime.Tests.Controller;

public sealed class KeyReconcilerTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeExitDriver _host = new();
    private readonly KeyReconciler _reconciler;

    public KeyReconcilerTests() => _reconciler = new KeyReconciler(_workspace.Paths, _host);

    public void Dispose() => _workspace.Dispose();

    private IReadOnlyList<ManifestObject> Declared(string text) => _workspace.Manifests(text).Objects;

    [Fact]
    public async Task A_key_builds_its_tunnel_and_proxies_and_nothing_else()
    {
        var declared = Declared(Tunnel("a") + Tunnel("b") + Proxy("pa", "a") + Proxy("pb", "b"));
        var report = await _reconciler.ReconcileAsync("a", declared, CancellationToken.None);
        report.Execution!.Succeeded.Should().BeTrue();
        _host.Calls.Where(c => !c.StartsWith("inspect", StringComparison.Ordinal)).Should().Equal("create tunnel a", "start proxy pa");
    }

    [Fact]
    public async Task Reconciling_a_healthy_key_again_changes_nothing()
    {
        var declared = Declared(Tunnel("a") + Proxy("pa", "a"));
        await _reconciler.ReconcileAsync("a", declared, CancellationToken.None);
        var calls = _host.MutatingCalls;
        var report = await _reconciler.ReconcileAsync("a", declared, CancellationToken.None);
        report.Plan!.HasChanges.Should().BeFalse();
        _host.MutatingCalls.Should().Be(calls);
    }

    [Fact]
    public async Task An_invalid_object_is_terminal_for_its_key_and_keeps_what_it_runs()
    {
        var good = Declared(Tunnel("a") + Proxy("pa", "a"));
        await _reconciler.ReconcileAsync("a", good, CancellationToken.None);
        var calls = _host.MutatingCalls;

        // The same tunnel now names a key file that does not exist.
        var broken = good.Select(o => o is TunnelManifest t
            ? t with { Spec = t.Spec with { WireGuard = t.Spec.WireGuard! with { PrivateKeyFile = "/nonexistent/key" } } }
            : o).ToList();
        var report = await _reconciler.ReconcileAsync("a", broken, CancellationToken.None);

        report.InvalidSpec.Should().ContainSingle().Which.Message.Should().Contain("/nonexistent/key");
        report.FailureReason.Should().Be("InvalidSpec");
        _host.MutatingCalls.Should().Be(calls, "a broken manifest is not a request to delete");
        _host.Namespaces.Should().Contain("tunmux_a");
    }

    [Fact]
    public async Task A_key_that_is_no_longer_declared_is_torn_down()
    {
        await _reconciler.ReconcileAsync("a", Declared(Tunnel("a") + Proxy("pa", "a")), CancellationToken.None);
        var report = await _reconciler.ReconcileAsync("a", [], CancellationToken.None);
        report.Plan!.ToDestroy.Should().Be(2);
        _host.Namespaces.Should().BeEmpty();
    }

    [Fact]
    public async Task Deletions_wait_while_the_declared_state_is_unreadable()
    {
        await _reconciler.ReconcileAsync("a", Declared(Tunnel("a")), CancellationToken.None);
        var report = await _reconciler.ReconcileAsync("a", [], CancellationToken.None, allowDeletes: false);
        report.Plan!.HasChanges.Should().BeFalse();
        _host.Namespaces.Should().Contain("tunmux_a");
    }

    [Fact]
    public async Task The_host_key_removes_orphan_namespaces_only()
    {
        await _reconciler.ReconcileAsync("a", Declared(Tunnel("a")), CancellationToken.None);
        _host.Namespaces.Add("tunmux_ghost");
        var report = await _reconciler.ReconcileAsync(ReconcileScope.Host, Declared(Tunnel("a")), CancellationToken.None);
        report.Plan!.Changes.Should().ContainSingle().Which.Should().BeOfType<DeleteOrphanNamespace>().Which.Namespace.Should().Be("tunmux_ghost");
        _host.Namespaces.Should().Equal("tunmux_a");
    }

    [Fact]
    public async Task The_host_key_inspects_no_tunnel_so_a_pass_over_all_keys_inspects_each_once()
    {
        var declared = Declared(Tunnel("a") + Tunnel("b"));
        await _reconciler.ReconcileAsync("a", declared, CancellationToken.None);
        await _reconciler.ReconcileAsync("b", declared, CancellationToken.None);
        _host.Namespaces.Add("tunmux_ghost");
        _host.Calls.Clear();

        var report = await _reconciler.ReconcileAsync(ReconcileScope.Host, declared, CancellationToken.None);

        report.Plan!.Changes.Should().ContainSingle().Which.Should().BeOfType<DeleteOrphanNamespace>().Which.Namespace.Should().Be("tunmux_ghost");
        _host.Calls.Should().NotContain(c => c.StartsWith("inspect", StringComparison.Ordinal)); // issue #4
        _host.Namespaces.Should().BeEquivalentTo(["tunmux_a", "tunmux_b"]);
    }

    [Fact]
    public async Task A_port_declared_by_an_exit_not_built_yet_is_not_given_to_another_exit()
    {
        // pb declares 1080 but its key has not had a pass yet; pa's automatic SOCKS listener must not take 1080.
        var declared = Declared(Tunnel("a") + Tunnel("b") + Proxy("pa", "a") + Proxy("pb", "b", socks: "127.0.0.1:1080"));

        var report = await _reconciler.ReconcileAsync("a", declared, CancellationToken.None);

        report.Plan!.Changes.OfType<CreateProxy>().Single().Desired.Socks!.Port.Should().Be(1081);
        (await _reconciler.ReconcileAsync("b", declared, CancellationToken.None)).Execution!.Succeeded.Should().BeTrue();
        _host.Calls.Should().Contain("start proxy pb");
    }

    [Fact]
    public async Task A_port_declared_by_an_exit_whose_tunnel_fails_stays_reserved()
    {
        // b's tunnel is invalid (its key file is missing), so pb is never built, and its port is still its own.
        var declared = Declared(Tunnel("a") + Tunnel("b", keyFile: "/nonexistent/key") + Proxy("pa", "a") + Proxy("pb", "b", socks: "127.0.0.1:1080"));

        (await _reconciler.ReconcileAsync("b", declared, CancellationToken.None)).InvalidSpec.Should().NotBeEmpty();
        var report = await _reconciler.ReconcileAsync("a", declared, CancellationToken.None);

        report.Plan!.Changes.OfType<CreateProxy>().Single().Desired.Socks!.Port.Should().Be(1081);
    }

    [Fact]
    public async Task An_automatic_port_another_object_now_declares_moves_so_the_declaration_gets_it()
    {
        var before = Declared(Tunnel("a") + Proxy("pa", "a"));
        (await _reconciler.ReconcileAsync("a", before, CancellationToken.None)).Plan!.Changes.OfType<CreateProxy>().Single().Desired.Socks!.Port.Should().Be(1080);

        var after = Declared(Tunnel("a") + Tunnel("b") + Proxy("pa", "a") + Proxy("pb", "b", socks: "127.0.0.1:1080"));
        var report = await _reconciler.ReconcileAsync("a", after, CancellationToken.None);

        report.Plan!.Changes.OfType<ReplaceProxy>().Single().Desired.Socks!.Port.Should().Be(1081, "an explicit declaration wins over an automatic choice");
    }
}
