using System.Net;
using Microsoft.Extensions.Logging;
using Tunmux.Core.Model;
using Tunmux.Linux.Logging;

namespace Tunmux.Linux.Recovery;

/// <summary>
/// Prompts a handshake after a build or a reconnect, best effort: it only makes the handshake
/// come sooner, so a failure is logged and never fails the step that asked for it.
/// </summary>
internal sealed class HandshakePrompt(IHandshakeNudge nudge, HostPaths paths, ILogger logger)
{
    public const int DnsPort = 53;

    /// <summary>The tunnel's first DNS server, port 53: always routed into the tunnel. Null when there is none.</summary>
    public static IPEndPoint? TargetOf(WireGuardConfig config) =>
        config.Dns.Select(dns => IPAddress.TryParse(dns, out var address) ? address : null).FirstOrDefault(a => a is not null) is { } target
            ? new IPEndPoint(target, DnsPort)
            : null;

    public void Prompt(string tunnel, string ns, WireGuardConfig config)
    {
        if (TargetOf(config) is not { } target)
        {
            // Without a DNS address there is no address known to be routed; a keepalive or the
            // first real packet starts the handshake instead.
            return;
        }

        try
        {
            nudge.Nudge(paths.NamespaceFile(ns), target);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LinuxLog.NudgeFailed(logger, tunnel, ex.Message);
        }
    }
}
