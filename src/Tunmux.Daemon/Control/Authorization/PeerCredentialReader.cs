using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tunmux.Daemon.Control.Authorization;

/// <summary>
/// Reads what the kernel recorded about a Unix socket's peer when it called connect():
/// SO_PEERCRED (pid, effective uid and gid) and SO_PEERGROUPS (its supplementary groups,
/// Linux 4.13+). Neither can be forged by the client.
/// </summary>
public static class PeerCredentialReader
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int SoPeerGroups = 59;

    /// <summary>Linux's NGROUPS_MAX: no process has more supplementary groups than this.</summary>
    private const int MaxGroups = 65536;

    public static PeerCredentials Read(Socket connection)
    {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> ucred = stackalloc byte[12];
        var length = connection.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (length < ucred.Length)
        {
            throw new InvalidOperationException($"SO_PEERCRED returned {length} bytes, expected {ucred.Length}");
        }

        return new PeerCredentials(
            MemoryMarshal.Read<int>(ucred),
            MemoryMarshal.Read<uint>(ucred[4..]),
            MemoryMarshal.Read<uint>(ucred[8..]));
    }

    /// <summary>The peer's supplementary groups at connect time, or null when the kernel does not offer SO_PEERGROUPS.</summary>
    public static IReadOnlyList<uint>? ReadGroups(Socket connection)
    {
        foreach (var capacity in new[] { 256, MaxGroups })
        {
            var buffer = new byte[capacity * sizeof(uint)];
            int length;
            try
            {
                length = connection.GetRawSocketOption(SolSocket, SoPeerGroups, buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ProtocolOption)
            {
                return null;
            }
            catch (SocketException) when (capacity != MaxGroups)
            {
                // ERANGE: more groups than the first buffer holds; try the largest possible.
                continue;
            }

            return MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(0, length)).ToArray();
        }

        return null;
    }
}
