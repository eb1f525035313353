using System.Net;
using Tunmux.Linux.Recovery;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>Records the packets a driver would send into a tunnel to start a handshake.</summary>
internal sealed class RecordingNudge : IHandshakeNudge
{
    public List<(string NamespacePath, IPEndPoint Target)> Sent { get; } = [];

    public bool Fail { get; set; }

    public void Nudge(string namespacePath, IPEndPoint target)
    {
        if (Fail)
        {
            throw new InvalidOperationException("setns failed");
        }

        Sent.Add((namespacePath, target));
    }
}
