using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netns;

/// <summary>
/// Runs a piece of work inside another network namespace. setns changes only the calling
/// thread, so the work runs on a dedicated new thread that enters the namespace first and
/// then ends; no pooled thread is ever left in the wrong namespace. Anything the work
/// creates (sockets above all) keeps that namespace for its whole life, and so does any
/// thread it starts, even indirectly: .NET starts threads on first use of some services
/// (the first <c>new Socket</c> in a process starts the socket engine's event thread, which
/// later starts thread-pool workers). Work that may be the first to touch such a service
/// must stick to system calls, as <see cref="RawListener"/> does.
/// The thread goes back to the namespace it started in before it ends: Join returns when the
/// managed thread is done, but the kernel may list the OS thread (in /proc/self/task) for a
/// moment longer, and it must not be seen inside the other namespace then.
/// </summary>
internal static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int Eperm = 1;
    private const int Enoent = 2;
    private const int Eacces = 13;
    private const int Einval = 22;
    private const string OwnNamespacePath = "/proc/thread-self/ns/net";

    public static T RunInside<T>(string namespacePath, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            var home = Open(OwnNamespacePath, OpenReadOnlyCloseOnExec);
            try
            {
                Enter(namespacePath);
                result = work();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                ReturnHome(home);
            }
        })
        {
            IsBackground = true,
            Name = "tunmux-setns",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>
    /// Best effort: the thread ends right after, so a failed return (or a home that could not
    /// be opened) leaves nothing behind that outlives it.
    /// </summary>
    private static void ReturnHome(int home)
    {
        if (home >= 0)
        {
            _ = SetNamespace(home, CloneNewNet);
            _ = Close(home);
        }
    }

    private static void Enter(string namespacePath)
    {
        var fd = Open(namespacePath, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new NetworkNamespaceException(errno == Enoent
                ? $"network namespace {namespacePath} does not exist"
                : $"cannot open network namespace {namespacePath}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        try
        {
            if (SetNamespace(fd, CloneNewNet) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new NetworkNamespaceException(errno switch
                {
                    Eperm or Eacces => $"entering network namespace {namespacePath} needs root (CAP_SYS_ADMIN)",
                    Einval => $"{namespacePath} is not a network namespace",
                    _ => $"cannot enter network namespace {namespacePath}: {Marshal.GetPInvokeErrorMessage(errno)}",
                });
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int nstype);
}
