using System.Runtime.InteropServices;

namespace Tunmux.Cli.Hosting;

public static partial class Privileges
{
    public static bool IsRoot() => geteuid() == 0;

    public static uint UserId() => geteuid();

    public static uint GroupId() => getegid();

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc")]
    private static partial uint getegid();
}
