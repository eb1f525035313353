namespace Tunmux.Core.Direct;

/// <summary>
/// The firewall mark on tunmux's own WireGuard UDP and the routing table that carries everything
/// else into the tunnel. wg-quick uses one number for both (it picks the table from the mark), so
/// tunmux does too: the wg-quick backend then ends up with exactly the same mark and table.
/// </summary>
public static class DirectMarks
{
    /// <summary>0x746d, "tm": distinct from wg-quick's 51820 so a user's own wg-quick never collides.</summary>
    public const uint Mark = 0x746d;

    public const uint Table = Mark;

    /// <summary>Rule priorities: <c>suppress_prefixlength 0</c> must be looked at before the tunnel table.</summary>
    public const int SuppressRulePriority = 32760;

    public const int TunnelRulePriority = 32761;

    public static string MarkText => $"0x{Mark:x}";
}
