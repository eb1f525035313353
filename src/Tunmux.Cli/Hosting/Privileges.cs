using System.Runtime.InteropServices;

namespace Tunmux.Cli.Hosting;

public static partial class Privileges
{
    public static bool IsRoot() => geteuid() == 0;

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
