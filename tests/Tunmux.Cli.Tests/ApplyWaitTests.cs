
namespace Tunmux.Cli.Tests;

/// <summary>`apply --wait`: wait for the applied objects to be Ready, with progress, or fail with the reasons.</summary>
public sealed class ApplyWaitTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public ApplyWaitTests() => _cli.Host.Clock = new Testing.ManualClock(CliHarness.Now);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_wait_succeeds_once_every_applied_object_is_ready()
    {
        var code = await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits), "--wait", "--timeout", "10s");

        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("Applied: 4 added").And.Contain("Waiting up to 10s for 4 objects to be Ready.")
            .And.Contain("tunnel/lab-1: Ready").And.Contain("proxy/lab-2: Ready").And.Contain("All 4 Ready after");
    }

    [Fact]
    public async Task Apply_wait_times_out_with_the_reason_of_each_object_that_is_not_ready()
    {
        _cli.Host.DeadEndpoints.Add("198.18.2.2:51820");

        var code = await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits), "--wait", "--timeout", "1s");

        code.Should().Be(3);
        _cli.Stdout.Should().Contain("tunnel/lab-1: Ready").And.Contain("tunnel/lab-2: AwaitingHandshake (");
        _cli.Stderr.Should().Contain("Timed out after 1s; not Ready:")
            .And.Contain("  tunnel/lab-2: AwaitingHandshake: waiting up to 30 s for a handshake")
            .And.Contain("  proxy/lab-2: TunnelNotReady: tunnel lab-2:")
            .And.NotContain("tunnel/lab-1:");
    }

    [Fact]
    public async Task A_timeout_that_is_not_a_duration_is_refused_before_anything_changes()
    {
        (await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits), "--wait", "--timeout", "soon")).Should().Be(2);
        _cli.Stderr.Should().Contain("--timeout soon");
        _cli.Host.Calls.Should().BeEmpty();
    }
}
