using System.Text.Json.Nodes;
using Tunmux.Cli.Daemon;
using Tunmux.Daemon.Control;

namespace Tunmux.Cli.Tests;

/// <summary>
/// Issue #5: a hook runs as root, so a member of the daemon's group cannot declare one through
/// the control socket; root can.
/// </summary>
public sealed class ForwardedHookTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<JsonObject> ApplyThroughDaemonAsync(uint uid)
    {
        var path = Path.Combine(_cli.Root, "lab.yaml");
        var body = new JsonObject
        {
            ["args"] = new JsonArray("apply", "-f", path),
            ["files"] = new JsonObject { [path] = Manifests.TwoExitsFirstForwarding.Replace("client.key", Path.Combine(_cli.Root, "client.key"), StringComparison.Ordinal) },
        };
        var response = await new CliControlHandler(_cli.Context, () => { })
            .HandleAsync(new ControlRequest(ControlProtocol.Version, DaemonForwarding.RunRequest, body), new PeerCredentials(4242, uid, 1000), CancellationToken.None);
        response.Ok.Should().BeTrue(response.Error);
        return response.Body!;
    }

    [Fact]
    public async Task A_group_member_may_not_declare_a_hook_and_nothing_is_changed()
    {
        var result = await ApplyThroughDaemonAsync(uid: 1000);

        result["exitCode"]!.GetValue<int>().Should().NotBe(0);
        result["stderr"]!.GetValue<string>().Should().Contain("spec.portForwardingHook: a hook runs as root, so only root may declare one; uid 1000 is not root");
        _cli.Host.MutatingCalls.Should().Be(0);
    }

    [Fact]
    public async Task Root_may_declare_a_hook()
    {
        var result = await ApplyThroughDaemonAsync(uid: 0);

        result["exitCode"]!.GetValue<int>().Should().Be(0, result["stderr"]!.GetValue<string>());
        _cli.Host.Calls.Should().Contain("start keeper lab-1");
    }
}
