using System.Threading.Channels;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// A de-duplicating work queue, as controller-runtime has: a key waits in the queue at most
/// once; a key added while it is being processed is processed again afterwards, never twice
/// at the same time. Delayed adds implement retry backoff and periodic requeue.
/// </summary>
public sealed class WorkQueue(TimeProvider? time = null)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count;
            }
        }
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_processing.Contains(key))
            {
                _dirty.Add(key);
                return;
            }

            if (_queued.Add(key))
            {
                _ready.Writer.TryWrite(key);
            }
        }
    }

    public void AddAll(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            Add(key);
        }
    }

    /// <summary>Adds the key after a delay (retry with backoff, requeue); the timer is not kept.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(_ => { Add(key); timer?.Dispose(); }, null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Waits for the next key and marks it as being processed; call <see cref="Done"/> after.</summary>
    public async Task<string> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var key = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_queued.Remove(key))
                {
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Remove(key) && _queued.Add(key))
            {
                _ready.Writer.TryWrite(key);
            }
        }
    }
}
