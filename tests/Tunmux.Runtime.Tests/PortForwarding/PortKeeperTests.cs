using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.PortForwarding;
using Tunmux.Runtime.PortForwarding;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.PortForwarding;

/// <summary>
/// Issue #5: the keeper loop against a scripted gateway and hook, on a clock the test moves: the
/// renewal schedule, a changed port, failures with retries, a failing hook. No real waiting.
/// </summary>
public sealed class PortKeeperTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly SteppingClock _clock = new(ManualClock.DefaultStart);
    private readonly ScriptedGateway _gateway = new();
    private readonly RecordingHook _hook = new();
    private readonly Channel<ForwardedPortState> _published = Channel.CreateUnbounded<ForwardedPortState>();
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private PortKeeper? _keeper;

    private DateTimeOffset Start => ManualClock.DefaultStart;

    private void Run(bool withHook = true)
    {
        var keeper = _keeper = new PortKeeper("lab-1", _gateway, withHook ? _hook : null, s => _published.Writer.TryWrite(s), PortRenewalPolicy.For("lab-1"), NullLogger.Instance, _clock);
        _running = Task.Run(() => keeper.RunAsync(_stop.Token));
    }

    /// <summary>The next state the keeper publishes that <paramref name="matches"/> accepts.</summary>
    private async Task<ForwardedPortState> NextAsync(Func<ForwardedPortState, bool> matches)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var state = await _published.Reader.ReadAsync(timeout.Token);
            if (matches(state))
            {
                return state;
            }
        }
    }

    /// <summary>Moves the clock once the keeper waits for its next round.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await _clock.WaitForTimerAsync(Wait);
        _clock.Advance(by);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(Wait);
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task The_first_mapping_is_published_and_hooked_then_renewed_every_45_seconds_without_the_hook()
    {
        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        Run();

        (await NextAsync(s => s.Port is null)).NextAttemptAt.Should().Be(Start, "a new keeper asks at once");
        var first = await NextAsync(s => s.HookedPort == 41000);
        first.Port.Should().Be(41000);
        first.ExpiresAt.Should().Be(Start.AddSeconds(60));
        first.NextAttemptAt.Should().Be(Start.AddSeconds(45));
        _hook.Calls.Should().Equal(new PortChange("lab-1", 41000, null));

        await AdvanceAsync(TimeSpan.FromSeconds(45));
        var renewed = await NextAsync(s => s.RenewedAt == Start.AddSeconds(45));

        renewed.ExpiresAt.Should().Be(Start.AddSeconds(105));
        renewed.NextAttemptAt.Should().Be(Start.AddSeconds(90));
        _gateway.Rounds.Should().Be(2);
        _hook.Calls.Should().HaveCount(1, "the port did not change");
    }

    [Fact]
    public async Task A_changed_port_runs_the_hook_with_the_previous_one()
    {
        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        Run();
        await NextAsync(s => s.HookedPort == 41000);

        _gateway.Answer(new PortMapping(52000, TimeSpan.FromSeconds(60)));
        await AdvanceAsync(TimeSpan.FromSeconds(45));
        var changed = await NextAsync(s => s.HookedPort == 52000);

        changed.Port.Should().Be(52000);
        changed.PreviousPort.Should().Be(41000);
        _hook.Calls.Should().Equal(new PortChange("lab-1", 41000, null), new PortChange("lab-1", 52000, 41000));
    }

    [Fact]
    public async Task A_silent_gateway_is_reported_and_retried_with_backoff_until_it_answers()
    {
        _gateway.Fail("the NAT-PMP gateway 10.2.0.1:5351 did not answer after 5 tries");
        Run();

        var failed = await NextAsync(s => s.Failures == 1);
        failed.LastError.Should().Contain("did not answer");
        failed.Port.Should().BeNull();
        var retryIn = failed.NextAttemptAt!.Value - Start;
        retryIn.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));

        await AdvanceAsync(retryIn);
        var again = await NextAsync(s => s.Failures == 2);
        (again.NextAttemptAt!.Value - _clock.GetUtcNow()).Should().BeGreaterThan(retryIn, "the wait grows");

        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        await AdvanceAsync(again.NextAttemptAt!.Value - _clock.GetUtcNow());
        var recovered = await NextAsync(s => s.HookedPort == 41000);
        recovered.Failures.Should().Be(0);
        recovered.LastError.Should().BeNull();
        _gateway.Rounds.Should().Be(3);
    }

    [Fact]
    public async Task A_failing_hook_is_logged_in_the_state_and_run_again_at_the_next_renewal()
    {
        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        _hook.Failures.Enqueue("exited with code 3");
        Run();

        var failed = await NextAsync(s => s.HookError is not null);
        failed.HookError.Should().Be("exited with code 3");
        failed.Port.Should().Be(41000, "a hook failure does not stop the forwarding");

        await AdvanceAsync(TimeSpan.FromSeconds(45));
        var handled = await NextAsync(s => s.HookedPort == 41000);

        handled.HookError.Should().BeNull();
        _hook.Calls.Should().Equal(new PortChange("lab-1", 41000, null), new PortChange("lab-1", 41000, null));
    }

    [Fact]
    public async Task Without_a_hook_the_port_still_counts_as_handled()
    {
        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        Run(withHook: false);

        (await NextAsync(s => s.Port == 41000)).HookedPort.Should().Be(41000);
    }

    [Fact]
    public async Task Cancelling_ends_the_keeper_quietly_even_mid_round()
    {
        _gateway.Hang = true;
        Run();
        await NextAsync(s => s.Port is null);
        await _gateway.Asked.Task.WaitAsync(Wait);

        await _stop.CancelAsync();

        await _running!.WaitAsync(Wait);
        _running.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task Release_after_the_run_deletes_the_granted_mapping_once()
    {
        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        Run();
        await NextAsync(s => s.Port == 41000);
        await _stop.CancelAsync();
        await _running!.WaitAsync(Wait);

        await _keeper!.ReleaseAsync(TimeSpan.FromSeconds(2)).WaitAsync(Wait);

        _gateway.Releases.Should().Be(1);
    }

    [Fact]
    public async Task Stopping_alone_releases_nothing_so_a_replacing_keeper_can_renew_the_same_port()
    {
        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        Run();
        await NextAsync(s => s.Port == 41000);

        await _stop.CancelAsync();
        await _running!.WaitAsync(Wait);

        _gateway.Releases.Should().Be(0);
    }

    [Fact]
    public async Task A_keeper_that_was_never_granted_a_port_asks_no_release()
    {
        _gateway.Fail("the NAT-PMP gateway 10.2.0.1:5351 did not answer after 5 tries");
        Run();
        await NextAsync(s => s.Failures == 1);
        await _stop.CancelAsync();
        await _running!.WaitAsync(Wait);

        await _keeper!.ReleaseAsync(TimeSpan.FromSeconds(2)).WaitAsync(Wait);

        _gateway.Releases.Should().Be(0);
    }

    [Fact]
    public async Task An_unanswered_release_gives_up_at_its_budget_without_throwing()
    {
        _gateway.Answer(new PortMapping(41000, TimeSpan.FromSeconds(60)));
        Run();
        await NextAsync(s => s.Port == 41000);
        await _stop.CancelAsync();
        await _running!.WaitAsync(Wait);
        _gateway.HangRelease = true;

        // The budget's timer is on the test's clock, started before the release waits for an answer.
        var release = _keeper!.ReleaseAsync(TimeSpan.FromSeconds(2));
        release.IsCompleted.Should().BeFalse("the gateway has not answered");
        _clock.Advance(TimeSpan.FromSeconds(2));

        await release.WaitAsync(Wait);
        release.IsCompletedSuccessfully.Should().BeTrue("a release is best effort: the teardown goes on");
        _gateway.Releases.Should().Be(1);
    }

    private sealed class ScriptedGateway : IPortMapper
    {
        private int _releases;

        public int Releases => Volatile.Read(ref _releases);

        public bool HangRelease { get; set; }

        public async Task ReleaseAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _releases);
            if (HangRelease)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }

        private PortMapping? _answer;
        private string? _error;
        private int _rounds;

        public int Rounds => Volatile.Read(ref _rounds);

        public bool Hang { get; set; }

        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Answer(PortMapping mapping) => (_answer, _error) = (mapping, null);

        public void Fail(string error) => (_answer, _error) = (null, error);

        public async Task<PortMapping> MapAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _rounds);
            Asked.TrySetResult();
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return _answer ?? throw new TimeoutException(_error);
        }
    }

    private sealed class RecordingHook : IPortHook
    {
        private readonly List<PortChange> _calls = [];

        public Queue<string> Failures { get; } = new();

        public IReadOnlyList<PortChange> Calls
        {
            get
            {
                lock (_calls)
                {
                    return _calls.ToList();
                }
            }
        }

        public Task<string?> RunAsync(PortChange change, CancellationToken cancellationToken)
        {
            lock (_calls)
            {
                _calls.Add(change);
            }

            return Task.FromResult(Failures.TryDequeue(out var error) ? error : null);
        }
    }
}
