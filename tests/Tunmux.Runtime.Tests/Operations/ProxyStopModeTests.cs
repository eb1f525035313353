using Tunmux.Runtime.Operations;
using Tunmux.Testing;
using static Tunmux.Runtime.Tests.Operations.TempWorkspace;

namespace Tunmux.Runtime.Tests.Operations;

/// <summary>
/// A proxy worker drains its connections when it alone changes or goes away, and cuts them when
/// its tunnel is deleted or rebuilt: nothing through that tunnel can finish, so a repair or a
/// delete must not wait out the drain.
/// </summary>
public sealed class ProxyStopModeTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeExitDriver _host = new();
    private readonly ExitOperations _operations;

    public ProxyStopModeTests() => _operations = new ExitOperations(_workspace.Paths, _host);

    public void Dispose() => _workspace.Dispose();

    private Task<OperationResult> ApplyAsync(string text, bool prune = false) =>
        _operations.ApplyAsync(_workspace.Manifests(text), new ApplyOptions { Prune = prune }, null, CancellationToken.None);

    [Fact]
    public async Task A_rebuilt_tunnel_cuts_its_proxys_connections()
    {
        (await ApplyAsync(Tunnel("a") + Proxy("p", "a"))).Succeeded.Should().BeTrue();

        (await ApplyAsync(Tunnel("a", endpoint: "198.18.9.9:51820") + Proxy("p", "a"))).Succeeded.Should().BeTrue();

        _host.Calls.Should().ContainInOrder("stop proxy p", "delete tunnel a", "create tunnel a", "start proxy p");
        _host.CutProxies.Should().Equal("p");
    }

    [Fact]
    public async Task A_deleted_tunnel_cuts_its_proxys_connections()
    {
        (await ApplyAsync(Tunnel("a") + Proxy("p", "a"))).Succeeded.Should().BeTrue();

        (await _operations.DeleteAllAsync(false, null, CancellationToken.None)).Succeeded.Should().BeTrue();

        _host.Calls.Should().ContainInOrder("stop proxy p", "delete tunnel a");
        _host.CutProxies.Should().Equal("p");
    }

    [Fact]
    public async Task A_proxy_changed_or_removed_on_its_own_drains()
    {
        (await ApplyAsync(Tunnel("a") + Proxy("p", "a") + Proxy("q", "a", socks: "127.0.0.1:1090"))).Succeeded.Should().BeTrue();

        (await ApplyAsync(Tunnel("a") + Proxy("p", "a", socks: "127.0.0.1:1091"), prune: true)).Succeeded.Should().BeTrue();

        _host.Calls.Should().Contain(["stop proxy p", "stop proxy q", "start proxy p"]).And.NotContain("delete tunnel a");
        _host.CutProxies.Should().BeEmpty("the tunnel stays: their open connections may finish");
    }
}
