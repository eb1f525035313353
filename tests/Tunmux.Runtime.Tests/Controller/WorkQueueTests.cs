using Tunmux.Runtime.Controller;

namespace Tunmux.Runtime.Tests.Controller;

public class WorkQueueTests
{
    private static async Task<string> Take(WorkQueue queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await queue.TakeAsync(timeout.Token);
    }

    [Fact]
    public async Task A_key_added_twice_is_queued_once()
    {
        var queue = new WorkQueue();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        queue.Length.Should().Be(2);
        (await Take(queue)).Should().Be("a");
        (await Take(queue)).Should().Be("b");
        queue.Length.Should().Be(0);
    }

    [Fact]
    public async Task A_key_added_while_processing_comes_back_after_done_not_before()
    {
        var queue = new WorkQueue();
        queue.Add("a");
        var key = await Take(queue);
        queue.Add("a");
        queue.Length.Should().Be(0, "the same key is never handed out twice at once");
        queue.Done(key);
        queue.Length.Should().Be(1);
        (await Take(queue)).Should().Be("a");
    }

    [Fact]
    public async Task Delayed_adds_arrive_when_their_time_comes()
    {
        var time = new ManualTime();
        var queue = new WorkQueue(time);
        queue.AddAfter("later", TimeSpan.FromSeconds(10));
        queue.Length.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(10));
        (await Take(queue)).Should().Be("later");
    }

    /// <summary>A clock the test moves by hand; timers fire when their time is passed.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by)
        {
            _now += by;
            foreach (var timer in _timers.Where(t => t.Due <= _now).ToList())
            {
                _timers.Remove(timer);
                timer.Callback(timer.State);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _timers.Add((_now + dueTime, callback, state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
