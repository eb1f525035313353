namespace Tunmux.Linux.Netlink;

/// <summary>
/// The kernel flagged a dump NLM_F_DUMP_INTR: links or routes changed while it was being read,
/// so the picture may mix before and after. Reading again gives a consistent one. It is a
/// <see cref="NetlinkException"/>, so callers that handle a failed read handle this one too.
/// </summary>
public sealed class NetlinkDumpInterruptedException()
    : NetlinkException("the netlink dump was interrupted by a change; read it again", Eintr)
{
    private const int Eintr = 4;
}
