namespace Tunmux.Testing;

/// <summary>
/// A clock whose time, timers included, moves only when the test says so: <see cref="Advance"/>
/// fires every timer that falls due, so code that waits with Task.Delay(…, TimeProvider) is
/// tested without waiting. (<see cref="ManualClock"/> fakes "now" only.)
/// </summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<SteppingTimer> _timers = [];
    private readonly SemaphoreSlim _created = new(0);
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        List<SteppingTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
        }

        foreach (var timer in due)
        {
            timer.Fire(this);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppingTimer(this, callback, state);
        timer.Change(dueTime, period);
        _created.Release();
        return timer;
    }

    /// <summary>
    /// Waits until the code under test has created one more timer (it is now waiting), so that an
    /// <see cref="Advance"/> after it cannot slip in before the wait starts and be missed.
    /// </summary>
    public async Task WaitForTimerAsync(TimeSpan timeout)
    {
        if (!await _created.WaitAsync(timeout))
        {
            throw new TimeoutException($"nothing started waiting on the clock within {timeout.TotalSeconds:0} s");
        }
    }

    private sealed class SteppingTimer(SteppingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset Due { get; private set; } = DateTimeOffset.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                _period = period;
                clock._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock._now + dueTime;
                    clock._timers.Add(this);
                }
            }

            // Due now: fire at once rather than at the next Advance.
            if (dueTime == TimeSpan.Zero)
            {
                Fire(clock);
            }

            return true;
        }

        public void Fire(SteppingClock owner)
        {
            lock (owner._gate)
            {
                if (!owner._timers.Remove(this))
                {
                    return;
                }

                if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
                {
                    Due += _period;
                    owner._timers.Add(this);
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
