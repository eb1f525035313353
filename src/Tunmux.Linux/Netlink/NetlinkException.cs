namespace Tunmux.Linux.Netlink;

/// <summary>
/// A netlink request failed (the kernel answered with an error) or its reply could not be
/// read. The message names the request and the errno, never any content of the reply.
/// </summary>
public class NetlinkException(string message, int errno = 0) : IOException(message)
{
    /// <summary>The errno the kernel or a system call reported; 0 for a malformed reply.</summary>
    public int Errno { get; } = errno;
}
