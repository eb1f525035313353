using Tunmux.Api.Model;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Operations;
using Tunmux.Testing;
using static Tunmux.Runtime.Tests.Operations.TempWorkspace;

namespace Tunmux.Runtime.Tests.Operations;

public sealed class ExitOperationsTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeExitDriver _host = new();
    private readonly ExitOperations _controller;

    public ExitOperationsTests() => _controller = new ExitOperations(_workspace.Paths, _host);

    public void Dispose() => _workspace.Dispose();

    private Task<OperationResult> Apply(string text, bool prune = false, bool dryRun = false) =>
        _controller.ApplyAsync(_workspace.Manifests(text), new ApplyOptions(dryRun, prune), null, CancellationToken.None);

    [Fact]
    public async Task Apply_builds_every_exit_and_a_second_apply_changes_nothing()
    {
        var manifests = Tunnel("a") + Tunnel("b") + Proxy("a", "a") + Proxy("b", "b");
        var first = await Apply(manifests);
        first.Succeeded.Should().BeTrue();
        first.Plan!.ToAdd.Should().Be(4);
        first.Remaining!.HasChanges.Should().BeFalse("the host converged");

        var callsAfterFirst = _host.MutatingCalls;
        var second = await Apply(manifests);
        second.Plan!.HasChanges.Should().BeFalse();
        _host.MutatingCalls.Should().Be(callsAfterFirst);
    }

    [Fact]
    public async Task Automatic_ports_are_assigned_once_and_kept()
    {
        await Apply(Tunnel("a") + Proxy("a", "a") + Proxy("b", "a"));
        var view = await _controller.ViewAsync(CancellationToken.None);
        StatusReport.Proxies(view).Select(p => (p.Socks, p.Http)).Should().Equal(
            ("127.0.0.1:1080", "127.0.0.1:8118"), ("127.0.0.1:1081", "127.0.0.1:8119"));
        (await Apply(Tunnel("a") + Proxy("a", "a") + Proxy("b", "a"))).Plan!.HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task An_invalid_set_changes_nothing_on_the_host_or_in_the_declared_state()
    {
        await Apply(Tunnel("a") + Proxy("a", "a"));
        var calls = _host.MutatingCalls;
        var declaredBefore = File.ReadAllText(_workspace.Paths.DeclaredStateFile);

        var result = await Apply(Proxy("orphan", "missing-tunnel"));

        result.IsInvalid.Should().BeTrue();
        result.Errors.Should().Contain(e => e.Message.Contains("missing-tunnel"));
        _host.MutatingCalls.Should().Be(calls);
        File.ReadAllText(_workspace.Paths.DeclaredStateFile).Should().Be(declaredBefore);
    }

    [Fact]
    public async Task An_unreadable_key_file_is_reported_at_the_field_that_names_it()
    {
        File.Delete(Path.Combine(_workspace.Root, "client.key"));
        var result = await Apply(Tunnel("a"));
        result.IsInvalid.Should().BeTrue();
        var error = result.Errors.Should().ContainSingle().Subject;
        error.FieldPath.Should().Be("spec.wireguard.privateKeyFile");
        error.Position.Line.Should().Be(6);
        _host.MutatingCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_key_file_with_garbage_is_refused_without_echoing_its_content()
    {
        File.WriteAllText(Path.Combine(_workspace.Root, "client.key"), "not-a-key-but-maybe-a-secret");
        var result = await Apply(Tunnel("a"));
        result.Errors.Should().ContainSingle().Which.Message.Should().NotContain("not-a-key-but-maybe-a-secret");
    }

    [Fact]
    public async Task One_failing_tunnel_does_not_stop_the_others_and_its_proxy_is_skipped()
    {
        _host.FailingTunnels.Add("bad");
        var result = await Apply(Tunnel("good") + Tunnel("bad") + Proxy("good", "good") + Proxy("bad", "bad"));

        result.Succeeded.Should().BeFalse();
        result.Execution!.Failures.Select(f => f.Change.Name).Should().BeEquivalentTo(["bad", "bad"]);
        result.Execution.Failures.Should().Contain(f => f.Error!.StartsWith("skipped", StringComparison.Ordinal));
        _host.Calls.Should().Contain(["create tunnel good", "start proxy good"]);

        _host.FailingTunnels.Clear();
        var retry = await Apply(Tunnel("good") + Tunnel("bad") + Proxy("good", "good") + Proxy("bad", "bad"));
        retry.Succeeded.Should().BeTrue();
        retry.Plan!.ToAdd.Should().Be(2, "only the failed objects are left to build");
    }

    [Fact]
    public async Task A_port_declared_by_an_exit_whose_tunnel_failed_is_not_given_to_another()
    {
        // "bad" declares 1080 but its tunnel fails, so its proxy has no record; "good" asks for any port.
        _host.FailingTunnels.Add("bad");
        var manifests = Tunnel("good") + Tunnel("bad") + Proxy("good", "good") + Proxy("bad", "bad", "127.0.0.1:1080");

        await Apply(manifests);
        var view = await _controller.ViewAsync(CancellationToken.None);

        _host.Calls.Should().Contain("start proxy good");
        StatusReport.Proxies(view).Single(p => p.Name == "good").Socks.Should().Be("127.0.0.1:1081");
        _host.FailingTunnels.Clear();
        (await Apply(manifests)).Succeeded.Should().BeTrue("the declared port was kept free for it");
    }

    [Fact]
    public async Task A_port_declared_twice_in_separate_applies_is_refused_naming_both_proxies()
    {
        await Apply(Tunnel("a") + Proxy("a", "a", "127.0.0.1:1090"));

        var second = await Apply(Tunnel("b") + Proxy("b", "b", "127.0.0.1:1090"), dryRun: false);

        second.IsInvalid.Should().BeTrue();
        second.Errors.Should().ContainSingle().Which.ToString().Should().MatchRegex(
            "spec.socks.listen: 127.0.0.1:1090 collides with 127.0.0.1:1090 of Proxy \"a\" \\(spec.socks.listen at .+\\)$");
        second.Errors.Single().Subject.Should().Be("Proxy/b");
    }

    [Fact]
    public async Task Changing_one_proxy_port_restarts_only_that_proxy()
    {
        await Apply(Tunnel("a") + Tunnel("b") + Proxy("a", "a", "127.0.0.1:1080") + Proxy("b", "b", "127.0.0.1:1081"));
        _host.Calls.Clear();
        var result = await Apply(Tunnel("a") + Tunnel("b") + Proxy("a", "a", "127.0.0.1:1090") + Proxy("b", "b", "127.0.0.1:1081"));
        result.Plan!.Changes.Where(c => c.Action != ChangeAction.NoOp).Select(c => c.Name).Should().Equal("a");
        _host.Calls.Where(c => !c.StartsWith("inspect", StringComparison.Ordinal)).Should().Equal("stop proxy a", "start proxy a");
    }

    [Fact]
    public async Task A_deleted_namespace_is_rebuilt_on_the_next_apply()
    {
        var manifests = Tunnel("a") + Proxy("a", "a");
        await Apply(manifests);
        _host.Namespaces.Remove("tunmux_a");
        var result = await Apply(manifests);
        result.Plan!.Changes.Select(c => (c.Action, c.Reason)).Should().Contain((ChangeAction.Replace, "repair: namespace is missing"));
        result.Remaining!.HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task Deleting_a_tunnel_takes_its_proxies_with_it()
    {
        await Apply(Tunnel("a") + Tunnel("b") + Proxy("a", "a") + Proxy("b", "b"));
        var result = await _controller.DeleteAsync(o => o is TunnelManifest { Name: "a" }, false, null, CancellationToken.None);
        result.Succeeded.Should().BeTrue();
        result.Notes.Should().Contain("proxy/a is deleted with tunnel/a");
        _host.Namespaces.Should().Equal("tunmux_b");
        Directory.GetFiles(_workspace.Paths.ProxyRecordsDir).Select(Path.GetFileName).Should().Equal("b.json");
    }

    [Fact]
    public async Task Delete_all_removes_every_record_the_declared_state_and_orphans()
    {
        await Apply(Tunnel("a") + Proxy("a", "a"));
        _host.Namespaces.Add("tunmux_leftover");
        var result = await _controller.DeleteAllAsync(false, null, CancellationToken.None);
        result.Succeeded.Should().BeTrue();
        _host.Namespaces.Should().BeEmpty();
        _host.LivePids.Should().BeEmpty();
        File.Exists(_workspace.Paths.DeclaredStateFile).Should().BeFalse();
        Directory.GetFiles(_workspace.Paths.TunnelRecordsDir).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_prune_earlier_objects_stay_and_with_prune_they_go()
    {
        await Apply(Tunnel("a"));
        (await Apply(Tunnel("b"))).Plan!.ToDestroy.Should().Be(0);
        _host.Namespaces.Should().BeEquivalentTo(["tunmux_a", "tunmux_b"]);

        var pruned = await Apply(Tunnel("b"), prune: true);
        pruned.Plan!.ToDestroy.Should().Be(1);
        _host.Namespaces.Should().Equal("tunmux_b");
    }

    [Fact]
    public async Task Dry_run_plans_but_touches_neither_host_nor_state()
    {
        var result = await Apply(Tunnel("a"), dryRun: true);
        result.Plan!.ToAdd.Should().Be(1);
        _host.MutatingCalls.Should().Be(0);
        File.Exists(_workspace.Paths.DeclaredStateFile).Should().BeFalse();
    }

    [Fact]
    public async Task A_corrupt_record_is_reported_and_the_object_rebuilt()
    {
        var manifests = Tunnel("a");
        await Apply(manifests);
        File.WriteAllText(Path.Combine(_workspace.Paths.TunnelRecordsDir, "a.json"), "{ not json");
        var result = await Apply(manifests);
        result.Notes.Should().Contain(n => n.Contains("unreadable record"));
        result.Succeeded.Should().BeTrue();
        result.Remaining!.HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task Records_and_declared_state_are_private_files()
    {
        await Apply(Tunnel("a") + Proxy("a", "a"));
        var files = Directory.GetFiles(_workspace.Paths.StateDir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("lock", StringComparison.Ordinal));
        files.Should().NotBeEmpty();
        foreach (var file in files)
        {
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
        }
    }
}
