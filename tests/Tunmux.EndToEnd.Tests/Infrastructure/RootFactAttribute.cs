namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>A test that needs root (namespaces, wireguard-go). Skipped, with the reason, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal) && geteuid() != 0)
        {
            Skip = "needs root: creates network namespaces";
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
