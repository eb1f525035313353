using System.Net.Sockets;
using System.Text;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>
/// Plays wireguard-go's control socket: accepts connections, reads a request up to its blank
/// line and writes a canned answer (or, as a stuck or dying process would, nothing).
/// </summary>
internal sealed class FakeUapiServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new(); // not disposed: Dispose may be called twice
    private readonly List<string> _requests = [];
    private readonly Task _serving;

    /// <param name="answer">What to write back; null hangs up without answering, "" stays silent.</param>
    public FakeUapiServer(string path, string? answer)
    {
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen();
        _serving = ServeAsync(answer);
    }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Stops serving (.NET also removes the socket file). Safe to call twice.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped while accepting or reading: expected.
        }
    }

    private async Task ServeAsync(string? answer)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var connection = await _listener.AcceptAsync(_stop.Token);
            var request = await ReadRequestAsync(connection);
            lock (_requests)
            {
                _requests.Add(request);
            }

            if (answer is null)
            {
                continue; // hang up
            }

            if (answer.Length == 0)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token); // stuck: never answers
            }

            await connection.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, _stop.Token);
        }
    }

    private async Task<string> ReadRequestAsync(Socket connection)
    {
        var request = new StringBuilder();
        var buffer = new byte[256];
        while (!request.ToString().EndsWith("\n\n", StringComparison.Ordinal))
        {
            var read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return request.ToString();
    }
}
