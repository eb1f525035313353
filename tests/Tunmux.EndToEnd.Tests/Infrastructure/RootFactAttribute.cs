namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>A test that needs root (namespaces, wireguard-go). Skipped, with the reason, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!IsRoot)
        {
            Skip = "needs root: creates network namespaces";
        }
    }

    public static bool IsRoot => geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
