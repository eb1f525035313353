using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Tunmux.Daemon.Tests.Control.Support;

/// <summary>A bare Unix socket client that sends exact bytes, to test what the typed client never sends.</summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static async Task<RawClient> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return new RawClient(socket);
    }

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next line, or null once the server has closed (EOF, or ECONNRESET when it left our bytes unread).</summary>
    public async Task<string?> ReadLineOrClosedAsync()
    {
        try
        {
            return await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task<JsonObject> ReadResponseAsync()
    {
        var line = await ReadLineOrClosedAsync() ?? throw new InvalidOperationException("the server closed the connection");
        return JsonNode.Parse(line)!.AsObject();
    }

    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}
