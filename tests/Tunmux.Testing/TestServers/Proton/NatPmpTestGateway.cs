using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Tunmux.Providers.Proton.PortForwarding;

namespace Tunmux.Testing.TestServers.Proton;

/// <summary>
/// A NAT-PMP gateway that maps every request to <see cref="PublicPort"/>, or stays silent. On
/// 127.0.0.1, or on a UDP socket the caller bound (end-to-end tests bind one inside a lab exit's
/// namespace, so it is reached only through the tunnel, as Proton's 10.2.0.1 is).
/// </summary>
public sealed class NatPmpTestGateway : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly int[] _mappings = new int[3];
    private readonly int[] _releases = new int[3];
    private int _requests;

    public NatPmpTestGateway()
        : this(LoopbackSocket())
    {
    }

    /// <param name="boundSocket">A bound UDP socket, which the gateway then owns.</param>
    public NatPmpTestGateway(Socket boundSocket)
    {
        _socket = boundSocket;
        _serving = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public ushort PublicPort { get; set; } = 41234;

    /// <summary>Answer with this result code instead of success.</summary>
    public NatPmpResultCode Result { get; set; } = NatPmpResultCode.Success;

    /// <summary>Drop the first this many requests, as a lossy link would.</summary>
    public int DropFirst { get; set; }

    /// <summary>The lifetime granted, in seconds; null grants what was asked.</summary>
    public uint? GrantedLifetime { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Mapping requests answered for <paramref name="protocol"/>.</summary>
    public int Mappings(NatPmpProtocol protocol) => Volatile.Read(ref _mappings[(int)protocol]);

    /// <summary>Deletion requests (lifetime 0, RFC 6886 section 3.4) answered for <paramref name="protocol"/>.</summary>
    public int Releases(NatPmpProtocol protocol) => Volatile.Read(ref _releases[(int)protocol]);

    private static Socket LoopbackSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _serving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[64];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            if (Interlocked.Increment(ref _requests) <= DropFirst || received.ReceivedBytes != NatPmp.MappingRequestLength)
            {
                continue;
            }

            var reply = new byte[NatPmp.MappingResponseLength];
            reply[1] = (byte)(NatPmp.ReplyOffset + buffer[1]);
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), (ushort)Result);
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(4), 1000);
            reply[8] = buffer[4];
            reply[9] = buffer[5];
            // A deletion is answered with external port 0 and lifetime 0 (RFC 6886 section 3.4).
            var deletion = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)) == 0;
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(10), deletion ? (ushort)0 : PublicPort);
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(12), deletion ? 0 : GrantedLifetime ?? BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)));
            if (buffer[1] is (byte)NatPmpProtocol.Udp or (byte)NatPmpProtocol.Tcp)
            {
                Interlocked.Increment(ref (deletion ? _releases : _mappings)[buffer[1]]);
            }

            await _socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
        }
    }
}
