using System.Runtime.InteropServices;

namespace Tunmux.Linux.Processes;

/// <summary>
/// Points this process's standard input at /dev/null and its output and error at a log file.
/// For the helper that `sudo -b` starts: it inherits the starting command's pipes, whose
/// reader (that command) goes away at once, so everything it wrote would be lost, and while the
/// command still runs, it would wait for an end of output that never came. Done with dup2 on
/// descriptors 0-2 (no .NET API replaces a process's standard descriptors), so the runtime's
/// own messages, which bypass the logger, reach the file too; Console's writers are renewed.
/// </summary>
public static partial class StandardStreams
{
    /// <summary>A longer log is moved aside (one generation, NAME.1) before the helper writes on.</summary>
    public const long RotateAbove = 8 * 1024 * 1024;

    private const int ReadOnly = 0x0;
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Append = 0x400;
    private const int NoFollow = 0x20000;
    private const int CloseOnExec = 0x80000;
    private const int OwnerReadWrite = 0x180; // 0600

    /// <summary>Opens (0600 from creation, never through a symlink) and takes over descriptors 0, 1 and 2.</summary>
    public static void RedirectTo(string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        RotateIfLong(logFile);

        var log = Check(Open(logFile, WriteOnly | Create | Append | NoFollow | CloseOnExec, OwnerReadWrite), "open " + logFile);
        var nothing = Check(Open("/dev/null", ReadOnly | CloseOnExec, 0), "open /dev/null");
        try
        {
            // An older file may have been made wider by hand: a helper's log names exits and peers.
            Check(FileModeChange(log, OwnerReadWrite), "chmod " + logFile);
            Check(Duplicate(nothing, 0), "redirect standard input");
            Check(Duplicate(log, 1), "redirect standard output");
            Check(Duplicate(log, 2), "redirect standard error");
        }
        finally
        {
            _ = Close(log);
            _ = Close(nothing);
        }

        // Console's writers hold their own duplicates of the old descriptors once used (the CLI
        // writes its errors through them): fresh ones duplicate the new 1 and 2.
        Console.SetOut(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
        Console.SetError(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });
    }

    /// <summary>Moves a log longer than <see cref="RotateAbove"/> to NAME.1 (replacing an older one), so the log stays bounded.</summary>
    public static void RotateIfLong(string logFile)
    {
        if (new FileInfo(logFile) is { Exists: true, Length: > RotateAbove, LinkTarget: null })
        {
            File.Move(logFile, logFile + ".1", overwrite: true);
        }
    }

    private static int Check(int result, string what) =>
        result >= 0 ? result : throw new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Duplicate(int from, int to);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int FileModeChange(int fd, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
