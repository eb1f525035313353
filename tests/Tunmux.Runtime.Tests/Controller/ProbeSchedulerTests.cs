using System.Collections.Concurrent;
using Tunmux.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Runtime.Controller;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #4: the scheduler probes each tunnel beside the worker and hands the lifecycle only what
/// matters, waking the key when it does. Delays here are milliseconds so the timers fire at once;
/// the tests wait for probes and wake-ups, never for time.
/// </summary>
public sealed class ProbeSchedulerTests : IDisposable
{
    private const string Target = "198.19.255.1:80";

    private readonly FakeExitDriver _host = new();
    private readonly ConcurrentQueue<string> _woken = new();
    private readonly ProbeScheduler _scheduler;

    public ProbeSchedulerTests() => _scheduler = new ProbeScheduler(_host, _woken.Enqueue, NullLogger.Instance);

    public void Dispose() => _scheduler.Dispose();

    private static ProbeSettings Settings(string target = Target, int threshold = 3) =>
        new(new ProbeTarget.Tcp(Host(target)), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), threshold);

    private static ProbeHost Host(string target) =>
        ProbeAddress.TryParseTcp(target, out var host, out var error) ? host : throw new ArgumentException(error);

    private static TunnelRecord Record(string name = "a") =>
        new(name, "tunmux_" + name, "wg-" + name, BackendKind.Userspace, "hash", null, DateTimeOffset.UnixEpoch);

    private static ProbePlan Plan(ProbeSettings? settings = null, bool passesMatter = false, string name = "a") =>
        new(settings ?? Settings(), Record(name), TimeSpan.FromMilliseconds(5), passesMatter);

    private int ProbesOf(string name) => _host.Probes.Count(p => p.StartsWith(name + " ", StringComparison.Ordinal));

    [Fact]
    public async Task Failures_are_told_only_from_the_threshold_on_and_the_key_is_woken_for_it()
    {
        _host.UnreachableTargets[Target] = 0;

        _scheduler.Follow("a", Plan());
        await Eventually.ThatAsync(() => !_woken.IsEmpty, "a wake-up");

        ProbesOf("a").Should().BeGreaterThanOrEqualTo(3, "two failures in a row are not enough");
        var told = _scheduler.Drain("a");
        told.Should().NotBeEmpty().And.OnlyContain(r => !r.Ok);
        told[0].Detail.Should().Be("tcp 198.19.255.1:80: no answer within 1 s (3 in a row)");
        _woken.Should().OnlyContain(key => key == "a");
        _scheduler.Drain("a").Where(r => r.Ok).Should().BeEmpty("what was drained is gone");
    }

    [Fact]
    public async Task Passing_probes_of_a_healthy_tunnel_wake_nobody()
    {
        _scheduler.Follow("a", Plan());
        await Eventually.ThatAsync(() => ProbesOf("a") >= 5, "five probes");

        _woken.Should().BeEmpty();
        _scheduler.Drain("a").Should().BeEmpty();
    }

    [Fact]
    public async Task A_pass_while_the_tunnel_recovers_is_told()
    {
        _scheduler.Follow("a", Plan(passesMatter: true));
        await Eventually.ThatAsync(() => !_woken.IsEmpty, "a wake-up");

        _scheduler.Drain("a").Should().NotBeEmpty().And.OnlyContain(r => r.Ok && r.Detail == "tcp 198.19.255.1:80: connected");
    }

    [Fact]
    public async Task Tunnels_are_probed_each_at_their_own_target()
    {
        _scheduler.Follow("a", Plan());
        _scheduler.Follow("b", Plan(Settings("198.19.255.2:443"), name: "b"));

        await Eventually.ThatAsync(() => ProbesOf("a") >= 2 && ProbesOf("b") >= 2, "probes of both tunnels");

        _host.Probes.Should().Contain("a 198.19.255.1:80").And.Contain("b 198.19.255.2:443");
        _host.Probes.Should().NotContain("a 198.19.255.2:443").And.NotContain("b 198.19.255.1:80");
    }

    [Fact]
    public async Task A_new_target_starts_the_count_again()
    {
        _host.UnreachableTargets[Target] = 0;
        _host.UnreachableTargets["198.19.255.2:80"] = 0;
        _scheduler.Follow("a", Plan(Settings(threshold: 1000)));
        await Eventually.ThatAsync(() => ProbesOf("a") >= 20, "a run of failures far below the threshold");

        _scheduler.Follow("a", Plan(Settings("198.19.255.2:80", threshold: 30)));
        await Eventually.ThatAsync(() => _host.Probes.Count(p => p == "a 198.19.255.2:80") >= 15, "probes of the new target");

        // 20 old failures and 15 new ones would have reached the new threshold of 30 had the count been kept.
        _woken.Should().BeEmpty();
    }

    [Fact]
    public async Task Following_nothing_stops_the_probes_and_forgets_what_was_not_collected()
    {
        _host.UnreachableTargets[Target] = 0;
        _scheduler.Follow("a", Plan(Settings(threshold: 1)));
        await Eventually.ThatAsync(() => !_woken.IsEmpty, "a reported failure");

        _scheduler.Follow("a", null);
        var stoppedAt = ProbesOf("a");
        _scheduler.Follow("b", Plan(name: "b"));
        await Eventually.ThatAsync(() => ProbesOf("b") >= 10, "ten probes of another tunnel");

        ProbesOf("a").Should().BeLessThanOrEqualTo(stoppedAt + 1, "at most the probe under way finishes");
        _scheduler.Drain("a").Should().BeEmpty();
    }
}
