using System.Collections.Concurrent;

namespace Tunmux.Runtime.State;

/// <summary>
/// A lock on the state directory, so two tunmux processes (two `tunmux apply` runs, or one
/// beside the daemon) are serialised instead of interleaving. Across processes it is an flock
/// (.NET takes one when a file is opened without sharing; the kernel releases it when the
/// process dies, so a crash never leaves it held). Inside one process it is a reader/writer
/// lock: the control loop's workers hold it <em>shared</em> (each reconciles its own key, under
/// its own key lock), a one-shot reconcile of everything holds it exclusively. The flock is
/// taken when the first holder in this process arrives and dropped when the last one leaves,
/// so another process gets its turn whenever this one is idle. A waiting exclusive holder does
/// not keep new shared holders out: in the daemon it is the host key's orphan sweep, which may
/// wait until the workers run dry, but must never stall builds behind one it waits for.
/// </summary>
public sealed class StateLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, ProcessGate> Gates = new(StringComparer.Ordinal);

    private ProcessGate? _gate;
    private readonly bool _shared;

    private StateLock(ProcessGate gate, bool shared)
    {
        _gate = gate;
        _shared = shared;
    }

    /// <summary>Waits for the lock alone: no other holder in this process or any other.</summary>
    public static Task<StateLock> AcquireAsync(string lockFile, TimeSpan timeout, CancellationToken cancellationToken) =>
        GateOf(lockFile).AcquireAsync(shared: false, timeout, cancellationToken);

    /// <summary>Waits for the lock shared with other shared holders of this process; no other process holds it meanwhile.</summary>
    public static Task<StateLock> AcquireSharedAsync(string lockFile, TimeSpan timeout, CancellationToken cancellationToken) =>
        GateOf(lockFile).AcquireAsync(shared: true, timeout, cancellationToken);

    public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release(_shared);

    private static ProcessGate GateOf(string lockFile) => Gates.GetOrAdd(Path.GetFullPath(lockFile), path => new ProcessGate(path));

    /// <summary>This process's holders of one lock file, and the flock while there are any.</summary>
    private sealed class ProcessGate(string lockFile)
    {
        private static readonly TimeSpan OtherProcessPoll = TimeSpan.FromMilliseconds(50);

        private readonly Lock _gate = new();
        private FileStream? _flock;
        private int _readers;
        private bool _writer;
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<StateLock> AcquireAsync(bool shared, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                Task wait;
                lock (_gate)
                {
                    var free = shared ? !_writer : !_writer && _readers == 0;
                    if (free && (_flock is not null || TryTakeFlock()))
                    {
                        if (shared)
                        {
                            _readers++;
                        }
                        else
                        {
                            _writer = true;
                        }

                        return new StateLock(this, shared);
                    }

                    // Free here but held by another process: poll for it; else wait for a release here.
                    wait = free ? Task.Delay(OtherProcessPoll, cancellationToken) : _changed.Task;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"another tunmux holds {lockFile} (waited {timeout.TotalSeconds:0} s)");
                }

                try
                {
                    await wait.WaitAsync(left, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Checked at the top of the next round, with the lock looked at once more.
                }
            }
        }

        public void Release(bool shared)
        {
            lock (_gate)
            {
                if (shared)
                {
                    _readers--;
                }
                else
                {
                    _writer = false;
                }

                if (_readers == 0 && !_writer)
                {
                    _flock?.Dispose();
                    _flock = null;
                }

                Signal();
            }
        }

        /// <summary>Called with the gate held.</summary>
        private bool TryTakeFlock()
        {
            try
            {
                _flock = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false; // another process holds it
            }
        }

        /// <summary>Wakes every waiter to look again. Called with the gate held.</summary>
        private void Signal()
        {
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }
}
