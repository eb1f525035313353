using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Daemon.Control.Protocol;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// A provider tunnel the client resolved itself (its login, API calls and keys all read as the
/// calling user), turned into the plain WireGuard tunnel the daemon builds: the keys travel as the
/// content of referenced files, as with any manifest sent to the daemon, so the root side never
/// opens the user's provider folder or keyring. Labels keep which provider and server it came from.
/// </summary>
public static class ForwardedProviderTunnel
{
    public const string ProviderLabel = ProviderLabels.Provider;
    public const string ServerLabel = ProviderLabels.Server;

    /// <summary>
    /// Where the keys "are": names only, under a folder that does not exist. The daemon stores the
    /// content it was sent under its own name and never opens these.
    /// </summary>
    public const string KeyFolder = "/nonexistent/tunmux-forwarded";

    public sealed record Forwarded(TunnelManifest Tunnel, IReadOnlyList<ReferencedFile> Files);

    public static Forwarded From(TunnelManifest tunnel, WireGuardConfig config, string? server)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        ArgumentNullException.ThrowIfNull(config);
        var folder = $"{KeyFolder}/{tunnel.Name}";
        var files = new List<ReferencedFile> { new($"{folder}/private-key", config.PrivateKey.Reveal() + "\n", null) };
        var peers = new List<WireGuardPeerSpec>();
        for (var i = 0; i < config.Peers.Count; i++)
        {
            var peer = config.Peers[i];
            string? psk = null;
            if (peer.PresharedKey is { } presharedKey)
            {
                psk = $"{folder}/preshared-key-{i}";
                files.Add(new ReferencedFile(psk, presharedKey.Reveal() + "\n", null));
            }

            peers.Add(new WireGuardPeerSpec
            {
                PublicKey = peer.PublicKey,
                Endpoint = peer.Endpoint,
                AllowedIPs = peer.AllowedIps,
                PresharedKeyFile = psk,
                PersistentKeepalive = peer.PersistentKeepalive,
            });
        }

        var labels = new Dictionary<string, string>(tunnel.Metadata.Labels, StringComparer.Ordinal) { [ProviderLabel] = tunnel.Spec.Provider };
        if (server is { Length: > 0 } && LabelValue(server) is { } serverLabel)
        {
            labels[ServerLabel] = serverLabel;
        }

        var forwarded = tunnel with
        {
            Metadata = tunnel.Metadata with { Labels = labels },
            Spec = tunnel.Spec with
            {
                Provider = ProviderNames.WireGuard,
                Server = null,
                Account = null,
                KeyRotation = null,
                WireGuard = new WireGuardSpec
                {
                    PrivateKeyFile = $"{folder}/private-key",
                    Addresses = config.Addresses,
                    Dns = config.Dns,
                    Mtu = config.Mtu,
                    Peer = peers.Count == 1 ? peers[0] : null,
                    Peers = peers.Count == 1 ? [] : peers,
                },
            },
        };
        return new Forwarded(forwarded, files);
    }

    /// <summary>Whether <paramref name="tunnel"/> is one of <paramref name="provider"/>'s: by its provider, or by the label a forwarded one carries.</summary>
    public static bool BelongsTo(TunnelManifest tunnel, string provider)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        return tunnel.Spec.Provider == provider
            || (tunnel.Metadata.Labels.TryGetValue(ProviderLabel, out var label) && label == provider);
    }

    /// <summary>A server name as a label value (Kubernetes syntax: "CH#9" becomes "CH-9"); null when nothing is left.</summary>
    private static string? LabelValue(string server)
    {
        var chars = server.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var text = new string(chars).Trim('-', '_', '.');
        return text.Length == 0 ? null : text[..Math.Min(63, text.Length)];
    }
}
