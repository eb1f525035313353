using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Tunmux.Providers.Proton.PortForwarding;

namespace Tunmux.Providers.Tests.TestServers.Proton;

/// <summary>A NAT-PMP gateway on 127.0.0.1 that maps every request to <see cref="PublicPort"/>, or stays silent.</summary>
public sealed class NatPmpTestGateway : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _requests;

    public NatPmpTestGateway()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _serving = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public ushort PublicPort { get; set; } = 41234;

    /// <summary>Answer with this result code instead of success.</summary>
    public NatPmpResultCode Result { get; set; } = NatPmpResultCode.Success;

    /// <summary>Drop the first this many requests, as a lossy link would.</summary>
    public int DropFirst { get; set; }

    public int Requests => Volatile.Read(ref _requests);

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
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(10), PublicPort);
            reply[12] = buffer[8];
            reply[13] = buffer[9];
            reply[14] = buffer[10];
            reply[15] = buffer[11];
            await _socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
        }
    }
}
