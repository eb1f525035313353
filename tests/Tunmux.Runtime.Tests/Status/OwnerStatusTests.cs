using Tunmux.Runtime.Operations;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Status;

/// <summary>Issue #9 follow-up: status shows who declared each object, as the stored uid.</summary>
public sealed class OwnerStatusTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeExitDriver _host = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Each_rows_owner_is_the_uid_stored_with_its_object()
    {
        var controller = new ExitOperations(_workspace.Paths, _host);
        var result = await controller.ApplyAsync(_workspace.Manifests(TempWorkspace.Tunnel("lab-1") + TempWorkspace.Tunnel("lab-2") + TempWorkspace.Proxy("px-1", "lab-1")), new ApplyOptions(), null, CancellationToken.None);
        result.Succeeded.Should().BeTrue(string.Join("; ", result.Errors));
        var store = new DeclaredStateStore(_workspace.Paths);
        store.Save([.. store.Load().Objects.Select(o => o.Name == "lab-2" ? o : o with { OwnerUid = 1000 })]);

        var view = await controller.ViewAsync(CancellationToken.None);

        StatusReport.Tunnels(view).Select(t => (t.Name, t.OwnerUid)).Should().Equal(("lab-1", (uint?)1000), ("lab-2", (uint?)0));
        StatusReport.Proxies(view).Single().OwnerUid.Should().Be(1000u);
    }
}
