using Microsoft.Extensions.Time.Testing;
using Tunmux.Cli.Commands.Waiting;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Tests;

/// <summary>
/// `apply --wait`'s loop on the client: each ask may wait (the daemon hears the passes' outcomes);
/// a subject that cannot become Ready ends the wait at once with its reason.
/// </summary>
public sealed class ReadinessWaitTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly List<string> _progress = [];
    private readonly List<string> _problems = [];
    private readonly List<TimeSpan> _asks = [];

    private Task<int> RunAsync(TimeSpan timeout, Func<int, IReadOnlyList<ObjectReadiness>> answer) =>
        ReadinessWait.RunAsync(
            ["tunnel/a", "proxy/a"],
            (patience, _) =>
            {
                _asks.Add(patience);
                // The daemon answers after the patience it was given unless the answer is final.
                var readiness = answer(_asks.Count);
                if (!readiness.All(r => r.Ready) && !readiness.Any(r => r.Settled))
                {
                    _clock.Advance(patience);
                }

                return Task.FromResult(readiness);
            },
            _progress.Add,
            _problems.Add,
            timeout,
            _clock,
            CancellationToken.None);

    private static ObjectReadiness Pending(string subject) => new(subject, false, "RequeueAfter", "the host does not match yet");

    [Fact]
    public async Task A_subject_that_cannot_become_ready_ends_the_wait_at_once_with_its_reason()
    {
        var code = await RunAsync(TimeSpan.FromMinutes(2), _ =>
        [
            new ObjectReadiness("tunnel/a", false, "Failed", "Tunnel Create: step 'wg setconf' failed") { Settled = true },
            Pending("proxy/a"),
        ]);

        code.Should().Be(ExitCodes.Failed);
        _asks.Should().HaveCount(1, "waiting longer cannot help");
        _problems.Should().Equal("Cannot become Ready by waiting:", "  tunnel/a: Failed: Tunnel Create: step 'wg setconf' failed");
        _progress.Should().Contain("tunnel/a: Failed (Tunnel Create: step 'wg setconf' failed)");
    }

    [Fact]
    public async Task Each_ask_waits_at_most_a_few_seconds_and_the_last_one_what_is_left()
    {
        var code = await RunAsync(TimeSpan.FromSeconds(12), _ => [Pending("tunnel/a"), Pending("proxy/a")]);

        code.Should().Be(ExitCodes.Failed);
        _asks.Should().Equal(ReadinessWait.AskFor, ReadinessWait.AskFor, TimeSpan.FromSeconds(2));
        _problems.Should().Equal("Timed out after 12s; not Ready:", "  tunnel/a: RequeueAfter: the host does not match yet", "  proxy/a: RequeueAfter: the host does not match yet");
    }

    [Fact]
    public async Task All_ready_succeeds_and_shows_each_change_once()
    {
        var code = await RunAsync(TimeSpan.FromSeconds(30), ask => ask < 3
            ? [Pending("tunnel/a"), Pending("proxy/a")]
            : [new ObjectReadiness("tunnel/a", true, "Ready", "reconciled") { Settled = true }, new ObjectReadiness("proxy/a", true, "Ready", "reconciled") { Settled = true }]);

        code.Should().Be(ExitCodes.Success);
        _asks.Should().HaveCount(3);
        _progress.Should().Equal(
            "Waiting up to 30s for 2 objects to be Ready.",
            "tunnel/a: RequeueAfter (the host does not match yet)",
            "proxy/a: RequeueAfter (the host does not match yet)",
            "tunnel/a: Ready",
            "proxy/a: Ready",
            "All 2 Ready after 10s.");
    }

    [Fact]
    public async Task An_ask_in_which_no_pass_finished_keeps_what_the_earlier_ask_said()
    {
        // The first ask hears the passes; the short last one, before the deadline, hears none.
        var code = await RunAsync(TimeSpan.FromSeconds(7), ask => ask == 1
            ?
            [
                new ObjectReadiness("tunnel/a", true, "Ready", "reconciled"),
                new ObjectReadiness("proxy/a", false, "TunnelNotReady", "tunnel a: no handshake yet"),
            ]
            :
            [
                new ObjectReadiness("tunnel/a", false, "Pending", "no reconcile has finished since the wait began") { NoNewPass = true },
                new ObjectReadiness("proxy/a", false, "Pending", "no reconcile has finished since the wait began") { NoNewPass = true },
            ]);

        code.Should().Be(ExitCodes.Failed);
        _asks.Should().Equal(ReadinessWait.AskFor, TimeSpan.FromSeconds(2));
        _problems.Should().Equal("Timed out after 7s; not Ready:", "  proxy/a: TunnelNotReady: tunnel a: no handshake yet");
        _progress.Should().NotContain(line => line.Contains("Pending", StringComparison.Ordinal));
    }
}
