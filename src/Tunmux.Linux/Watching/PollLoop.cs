using System.Runtime.InteropServices;

namespace Tunmux.Linux.Watching;

/// <summary>
/// One thread that waits in poll(2) on every descriptor the watchers hand it (pidfds, netlink
/// sockets, an inotify descriptor) plus an eventfd that wakes it when the set changes. Handlers
/// run on this thread under <see cref="Gate"/>, read their descriptor without blocking, and
/// collect signals; the signals are delivered after the gate is released. A removed
/// descriptor is closed here, after the poll that might still hold its number has returned, so
/// a number the kernel hands out again is never mistaken for the old descriptor.
/// </summary>
internal sealed partial class PollLoop : IDisposable
{
    private const short PollIn = 0x1;
    private const int EventFdCloexec = 0x80000;
    private const int EventFdNonBlock = 0x800;
    private const int Eintr = 4;

    private readonly Dictionary<int, Action> _handlers = [];
    private readonly List<int> _toClose = [];
    private readonly List<Action> _pending = [];
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private readonly TimeSpan _tickInterval;
    private readonly Func<bool> _tick;
    private volatile bool _stopping;
    private bool _disposed;

    /// <param name="tickInterval">How often <paramref name="tick"/> runs while it keeps returning true (polling fallbacks).</param>
    /// <param name="tick">Runs under the gate; returns whether it wants to run again after <paramref name="tickInterval"/>.</param>
    public PollLoop(TimeSpan tickInterval, Func<bool> tick)
    {
        _tickInterval = tickInterval;
        _tick = tick;
        _wakeFd = EventFd(0, EventFdCloexec | EventFdNonBlock);
        if (_wakeFd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        // Started from the caller's thread, so the loop lives in the caller's namespace; it creates nothing there.
        _thread = new Thread(Run) { IsBackground = true, Name = "tunmux-drift-watch" };
        _thread.Start();
    }

    /// <summary>Held while handlers run; watchers hold it while they change their own books.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Watches <paramref name="fd"/> for input; <paramref name="onReady"/> runs under the gate. The loop owns the descriptor from now on.</summary>
    public void Add(int fd, Action onReady)
    {
        lock (Gate)
        {
            _handlers[fd] = onReady;
        }

        Wake();
    }

    /// <summary>Stops watching <paramref name="fd"/> and closes it on the loop thread. Call under the gate or not.</summary>
    public void Remove(int fd)
    {
        lock (Gate)
        {
            if (_handlers.Remove(fd))
            {
                _toClose.Add(fd);
            }
        }

        Wake();
    }

    /// <summary>Queues a delivery to run after the current handlers, outside the gate.</summary>
    public void Deliver(Action delivery)
    {
        lock (Gate)
        {
            _pending.Add(delivery);
        }

        if (Thread.CurrentThread != _thread)
        {
            Wake();
        }
    }

    /// <summary>Makes the loop look at its set again (and run the tick at once).</summary>
    public void Wake()
    {
        ulong one = 1;
        _ = WriteCounter(_wakeFd, ref one, sizeof(ulong));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping = true;
        Wake();
        _thread.Join();
        lock (Gate)
        {
            foreach (var fd in _handlers.Keys.Concat(_toClose))
            {
                _ = Close(fd);
            }

            _handlers.Clear();
            _toClose.Clear();
        }

        _ = Close(_wakeFd);
    }

    private void Run()
    {
        var wantTick = true;
        var nextTick = Environment.TickCount64;
        var descriptors = new List<PollDescriptor>();
        while (!_stopping)
        {
            descriptors.Clear();
            descriptors.Add(new PollDescriptor(_wakeFd, PollIn, 0));
            lock (Gate)
            {
                descriptors.AddRange(_handlers.Keys.Select(fd => new PollDescriptor(fd, PollIn, 0)));
            }

            var timeout = wantTick ? (int)Math.Clamp(nextTick - Environment.TickCount64, 0, int.MaxValue) : -1;
            var array = descriptors.ToArray();
            var ready = Poll(array, (nuint)array.Length, timeout);
            if (ready < 0 && Marshal.GetLastPInvokeError() != Eintr)
            {
                // Nothing sensible is left to wait on; the callers' fallback polls still run.
                return;
            }

            List<Action> deliveries;
            lock (Gate)
            {
                if (array[0].ReturnedEvents != 0)
                {
                    ulong drained = 0;
                    _ = ReadCounter(_wakeFd, ref drained, sizeof(ulong));
                    wantTick = true;
                }

                foreach (var descriptor in array.AsSpan(1))
                {
                    if (descriptor.ReturnedEvents != 0 && _handlers.TryGetValue(descriptor.Fd, out var handler))
                    {
                        handler();
                    }
                }

                if (wantTick && Environment.TickCount64 >= nextTick)
                {
                    wantTick = _tick();
                    nextTick = Environment.TickCount64 + (long)_tickInterval.TotalMilliseconds;
                }

                foreach (var fd in _toClose)
                {
                    _ = Close(fd);
                }

                _toClose.Clear();
                deliveries = [.. _pending];
                _pending.Clear();
            }

            foreach (var delivery in deliveries)
            {
                delivery();
            }
        }
    }

    /// <summary>struct pollfd: int fd, short events, short revents.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private record struct PollDescriptor(int Fd, short Events, short ReturnedEvents);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(Span<PollDescriptor> descriptors, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCounter(int fd, ref ulong value, nint length);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadCounter(int fd, ref ulong value, nint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
