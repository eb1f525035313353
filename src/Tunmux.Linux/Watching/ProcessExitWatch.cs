using System.Runtime.InteropServices;
using Tunmux.Core.State;
using Tunmux.Linux.Processes;

namespace Tunmux.Linux.Watching;

/// <summary>
/// Watches recorded processes for their exit with one pidfd each (pidfd_open, Linux 5.3+): a
/// pidfd turns readable when its process ends, whoever its parent is. A process is the one
/// recorded only if its start time still matches once its pidfd is open (the pidfd pins the
/// process, so a later PID reuse cannot fool the check). Where pidfd_open is missing or
/// refused, the process is checked through /proc on every tick instead.
/// </summary>
internal sealed partial class ProcessExitWatch(PollLoop loop, Action<string, string> signal)
{
    private const long PidfdOpenSyscall = 434; // the same number on every architecture (asm-generic table)
    private const int Esrch = 3;

    private readonly WatchSet<ProcessRef> _book = new();
    private readonly Dictionary<ProcessRef, int> _descriptors = [];
    private readonly HashSet<ProcessRef> _polled = [];

    /// <summary>Processes checked by polling because pidfd_open was not available for them.</summary>
    public int PolledCount
    {
        get
        {
            lock (loop.Gate)
            {
                return _polled.Count;
            }
        }
    }

    /// <summary>Called under the loop's gate.</summary>
    public void Watch(IReadOnlyDictionary<ProcessRef, string> processes)
    {
        var (start, stop) = _book.Diff(processes, retryLost: _ => false);
        foreach (var process in stop)
        {
            Forget(process);
        }

        foreach (var process in start)
        {
            Begin(process);
        }
    }

    /// <summary>The polling fallback, on the loop thread under the gate: reports processes that are no longer alive. Returns whether any are left to poll.</summary>
    public bool Tick()
    {
        foreach (var process in _polled.Where(p => !ProcStat.IsAlive(p)).ToList())
        {
            _polled.Remove(process);
            Lost(process);
        }

        return _polled.Count > 0;
    }

    private void Begin(ProcessRef process)
    {
        var fd = (int)PidfdOpen(PidfdOpenSyscall, process.Pid, 0);
        if (fd < 0)
        {
            if (Marshal.GetLastPInvokeError() == Esrch)
            {
                Lost(process);
            }
            else
            {
                // ENOSYS (an old kernel) or EPERM (a seccomp filter): poll this one.
                _polled.Add(process);
                _book.Started(process);
            }

            return;
        }

        if (!ProcStat.IsAlive(process))
        {
            // Gone already, or the PID now belongs to another process.
            _ = Close(fd);
            Lost(process);
            return;
        }

        _descriptors[process] = fd;
        _book.Started(process);
        loop.Add(fd, () =>
        {
            Forget(process);
            Lost(process);
        });
    }

    private void Lost(ProcessRef process)
    {
        if (_book.Lose(process) is { } key)
        {
            signal(key, $"process {process.Pid} exited");
        }
    }

    private void Forget(ProcessRef process)
    {
        _polled.Remove(process);
        if (_descriptors.Remove(process, out var fd))
        {
            loop.Remove(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long PidfdOpen(long number, long pid, long flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
