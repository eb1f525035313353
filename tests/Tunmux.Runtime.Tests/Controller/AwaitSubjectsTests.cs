using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #9: the control socket's wait hears the outcomes of the keys' passes instead of polling the
/// view. A direct key whose passes answer only when the test says so shows that the wait returns
/// on the next completed pass (never on what was stored before), ends at once on a failure or an
/// invalid spec, and keeps going through requeues and an unreachable provider until its deadline on
/// the loop's clock. A proxy-mode key shows that a Ready pass still waits for the Ready condition.
/// </summary>
public sealed class AwaitSubjectsTests : IAsyncLifetime
{
    private const string Endpoint = TempWorkspace.Endpoint;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider _clock = new(ManualClock.DefaultStart);
    private readonly AnsweredDirect _direct = new();
    private readonly ControlLoopHarness _harness;

    public AwaitSubjectsTests()
    {
        _harness = new(_clock)
        {
            Options = TestControlLoops.Options with { ResyncInterval = TimeSpan.FromHours(1) },
            WatchesFolder = false,
            Direct = _direct,
        };
    }

    private FakeExitDriver Host => _harness.Host;

    private ControlLoop Loop => _harness.Loop;

    public async Task InitializeAsync() => await _harness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private IReadOnlyList<ManifestObject> DirectTunnel => _harness.Objects(_harness.Tunnel("home", spec: "mode: direct"));

    private IReadOnlyList<ManifestObject> ProxyExit => _harness.Objects(_harness.Tunnel("a") + TempWorkspace.Proxy("web", "a"));

    /// <summary>Declares the direct tunnel and lets its first pass come to Ready, as an earlier apply left it.</summary>
    private async Task ReadyDirectTunnelAsync()
    {
        var applied = Loop.ApplyAsync(DirectTunnel, prune: false, wait: true, CancellationToken.None);
        await _direct.AnswerAsync(1, new KeyOutcome.Ready());
        (await applied.WaitAsync(TimeSpan.FromSeconds(20))).Outcomes["home"].Should().BeOfType<KeyOutcome.Ready>();
    }

    private Task<IReadOnlyList<SubjectVerdict>> WaitFor(TimeSpan timeout, params string[] subjects) =>
        Loop.AwaitSubjectsAsync(subjects, timeout, CancellationToken.None);

    /// <summary>Moves the loop's clock a second at a time until <paramref name="condition"/> holds.</summary>
    private Task UntilAdvancingAsync(Func<bool> condition, string what) =>
        Eventually.ThatAsync(condition, what, () => _clock.Advance(TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task The_wait_returns_on_the_next_completed_pass_not_on_the_outcome_stored_before_it()
    {
        await ReadyDirectTunnelAsync();

        var waiting = WaitFor(Patience, "tunnel/home");
        await _direct.UntilPassAsync(2);
        waiting.IsCompleted.Should().BeFalse("the stored Ready is from before the wait: only the pass it asked for decides");

        await _direct.AnswerAsync(2, new KeyOutcome.Ready());
        (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).Should().Equal(new SubjectVerdict("tunnel/home", SubjectState.Ready, "Ready", "reconciled"));
    }

    [Fact]
    public async Task A_failed_pass_ends_the_wait_with_its_reason_without_waiting_for_the_deadline()
    {
        await ReadyDirectTunnelAsync();

        var waiting = WaitFor(Patience, "tunnel/home");
        await _direct.AnswerAsync(2, new KeyOutcome.Failed("route add: no such device"));

        (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).Should().Equal(new SubjectVerdict("tunnel/home", SubjectState.Failed, "Failed", "route add: no such device"));
        _clock.GetUtcNow().Should().Be(ManualClock.DefaultStart, "the failure was reported as it came, not at the deadline");
    }

    [Fact]
    public async Task An_invalid_spec_ends_the_wait_with_its_errors()
    {
        await ReadyDirectTunnelAsync();
        var error = new ManifestError(new SourcePosition("t.yaml", 7, 5), "spec.wireguard.addresses", "overlaps tunnel b");

        var waiting = WaitFor(Patience, "tunnel/home");
        await _direct.AnswerAsync(2, new KeyOutcome.InvalidSpec([error]));

        var verdict = (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).Single();
        verdict.State.Should().Be(SubjectState.Failed);
        verdict.Reason.Should().Be("InvalidSpec");
        verdict.Message.Should().Be(error.ToString());
    }

    [Fact]
    public async Task A_requeue_keeps_the_wait_going_until_a_later_pass_is_ready()
    {
        await ReadyDirectTunnelAsync();

        var waiting = WaitFor(Patience, "tunnel/home");
        await _direct.AnswerAsync(2, new KeyOutcome.RequeueAfter(TimeSpan.FromSeconds(10), "waiting for a handshake"));

        // The loop looks again after the requeue's delay, on its clock; the wait hears that pass too.
        // (Pass 3 starts only after pass 2 has finished and told its waiters.)
        await UntilAdvancingAsync(() => _direct.Started >= 3, "the requeued pass");
        waiting.IsCompleted.Should().BeFalse("a requeue is not an answer");
        await _direct.AnswerAsync(3, new KeyOutcome.Ready());

        (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).Single().State.Should().Be(SubjectState.Ready);
    }

    [Fact]
    public async Task An_unreachable_provider_keeps_the_wait_going_until_the_deadline_then_reports_the_last_outcome()
    {
        await ReadyDirectTunnelAsync();

        var waiting = WaitFor(TimeSpan.FromSeconds(30), "tunnel/home");
        await _direct.AnswerAsync(2, new KeyOutcome.Unavailable("api.example: connection refused"));
        await UntilAdvancingAsync(() => _direct.Started >= 3, "the retry after the backoff");
        waiting.IsCompleted.Should().BeFalse("the provider may answer before the deadline");

        _clock.Advance(TimeSpan.FromSeconds(30));

        (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).Should().Equal(
            new SubjectVerdict("tunnel/home", SubjectState.Pending, "Unavailable", "api.example: connection refused"));
    }

    [Fact]
    public async Task Without_a_pass_before_the_deadline_the_wait_says_so_and_shows_the_outcome_from_before()
    {
        await ReadyDirectTunnelAsync();

        var waiting = WaitFor(TimeSpan.FromSeconds(3), "tunnel/home");
        await _direct.UntilPassAsync(2);
        _clock.Advance(TimeSpan.FromSeconds(3));

        var verdict = (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).Single();
        verdict.State.Should().Be(SubjectState.Pending, "a Ready from before the wait never counts");
        verdict.Message.Should().Be("no reconcile has finished since the wait began; the one before came to Ready: reconciled");
        await _direct.AnswerAsync(2, new KeyOutcome.Ready());
    }

    [Fact]
    public async Task A_subject_nothing_declares_is_reported_at_once()
    {
        (await WaitFor(Patience, "tunnel/nowhere", "proxy/nowhere").WaitAsync(TimeSpan.FromSeconds(20))).Should().Equal(
            SubjectVerdict.NotDeclared("tunnel/nowhere"),
            SubjectVerdict.NotDeclared("proxy/nowhere"));
    }

    [Fact]
    public async Task A_ready_pass_still_waits_for_the_ready_condition_and_a_change_of_it_wakes_the_wait()
    {
        Host.DeadEndpoints.Add(Endpoint);
        (await Loop.ApplyAsync(ProxyExit, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)))
            .Outcomes["a"].Should().BeOfType<KeyOutcome.Ready>("the host matches the spec; only the server is silent");
        var before = Loop.Status["a"];

        var waiting = WaitFor(Patience, "tunnel/a", "proxy/web");
        await Eventually.ThatAsync(() => !ReferenceEquals(Loop.Status["a"], before), "the wait's pass");
        Loop.Status["a"].Outcome.Should().BeOfType<KeyOutcome.Ready>();
        Loop.Board.Current.Tunnels["a"].Conditions.Find("Ready")!.Reason.Should().Be("AwaitingHandshake");
        waiting.IsCompleted.Should().BeFalse("no handshake yet: clients cannot use the exit");

        // The server answers: the lifecycle's next health check sees the handshake, the Ready condition
        // turns True, and that alone wakes the wait.
        Host.DeadEndpoints.Remove(Endpoint);
        await UntilAdvancingAsync(() => waiting.IsCompleted, "the handshake to be seen");
        (await waiting).Should().Equal(
            new SubjectVerdict("tunnel/a", SubjectState.Ready, "Ready", "reconciled"),
            new SubjectVerdict("proxy/web", SubjectState.Ready, "Ready", "reconciled"));
    }

    /// <summary>Direct mode whose passes finish only when the test answers them, one by one.</summary>
    private sealed class AnsweredDirect : IDirectKeyReconciler
    {
        private readonly Channel<KeyOutcome> _answers = Channel.CreateUnbounded<KeyOutcome>();
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public async Task<KeyOutcome> ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            return await _answers.Reader.ReadAsync(cancellationToken);
        }

        /// <summary>Waits until pass <paramref name="pass"/> (counting from 1) has started.</summary>
        public Task UntilPassAsync(int pass) => Eventually.ThatAsync(() => Started >= pass, $"pass {pass} to start");

        /// <summary>Finishes pass <paramref name="pass"/> with <paramref name="outcome"/>, once it has started.</summary>
        public async Task AnswerAsync(int pass, KeyOutcome outcome)
        {
            await UntilPassAsync(pass);
            _answers.Writer.TryWrite(outcome);
        }
    }
}
