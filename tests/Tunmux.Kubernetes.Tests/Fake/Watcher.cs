using System.Net;
using System.Threading.Channels;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>One open watch stream: the lines still to send, and the connection to cut.</summary>
internal sealed class Watcher(string plural, bool bookmarks, HttpListenerResponse response)
{
    public string Plural { get; } = plural;

    public bool Bookmarks { get; } = bookmarks;

    public Channel<string?> Lines { get; } = Channel.CreateUnbounded<string?>();

    /// <summary>Ends the stream without a clean close, as a dropped connection or a restarted API server does.</summary>
    public void Drop()
    {
        try
        {
            response.Abort();
        }
        catch (ObjectDisposedException)
        {
        }

        Lines.Writer.TryComplete();
    }
}
