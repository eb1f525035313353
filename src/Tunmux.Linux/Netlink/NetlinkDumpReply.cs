using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netlink;

/// <summary>Receives the payload of one message of a dump's reply.</summary>
internal delegate void NetlinkPayloadHandler(ReadOnlySpan<byte> payload);

/// <summary>
/// Reads the datagrams that answer a dump request: messages of the expected type go to a
/// handler, NLMSG_DONE ends the dump, NLMSG_ERROR (or a DONE that carries an error) throws.
/// Messages of another sequence number (not ours) are skipped.
/// </summary>
internal static class NetlinkDumpReply
{
    /// <returns>True once the dump is complete.</returns>
    public static bool Consume(ReadOnlySpan<byte> datagram, uint sequence, ushort replyType, NetlinkPayloadHandler handler)
    {
        foreach (var message in new NetlinkMessages(datagram))
        {
            if (message.Sequence != sequence)
            {
                continue;
            }

            if ((message.Flags & NetlinkConstants.DumpInterrupted) != 0 && message.Type != NetlinkConstants.Error)
            {
                // The rest of this dump is no better; the caller discards the socket and reads again.
                throw new NetlinkDumpInterruptedException();
            }

            switch (message.Type)
            {
                case NetlinkConstants.Done:
                    ThrowOnError(message.Payload, "dump");
                    return true;
                case NetlinkConstants.Error:
                    // An error message is never a success inside a dump; error 0 would be an ack.
                    ThrowOnError(message.Payload, "request");
                    return true;
                case NetlinkConstants.Overrun:
                    throw new NetlinkException("netlink dump overran the socket buffer");
                default:
                    if (message.Type == replyType)
                    {
                        handler(message.Payload);
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>NLMSG_ERROR and NLMSG_DONE start with an int: 0, or a negative errno.</summary>
    private static void ThrowOnError(ReadOnlySpan<byte> payload, string what)
    {
        var error = payload.Length >= 4 ? MemoryMarshal.Read<int>(payload) : 0;
        if (error < 0)
        {
            throw new NetlinkException($"netlink {what} failed: {Marshal.GetPInvokeErrorMessage(-error)}", -error);
        }
    }
}
