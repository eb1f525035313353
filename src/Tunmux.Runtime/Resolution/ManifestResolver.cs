using System.Net;
using Tunmux.Api;
using Tunmux.Api.Files;
using Tunmux.Api.Model;
using Tunmux.Core.Direct;
using Tunmux.Core.Model;
using Tunmux.Core.Providers;
using Tunmux.Core.WireGuard;

namespace Tunmux.Runtime.Resolution;

/// <summary>
/// Turns validated manifests into the desired state: reads the files they reference (wg-quick
/// configs, key files) and fills defaults. Problems are reported like validation errors,
/// with the position of the field that names the file, and nothing is half-resolved.
/// Provider tunnels (Proton, AirVPN, Mullvad) are handed to their <see cref="IProviderTunnelSource"/>.
/// </summary>
public sealed class ManifestResolver(IEnumerable<IProviderTunnelSource>? providers = null, Func<string, string>? readFile = null)
{
    public const string PlainWireGuard = "wireguard";

    private readonly Func<string, string> _readFile = readFile ?? (path => ReferencedFile.ReadAllText(path));
    private readonly IReadOnlyList<IProviderTunnelSource> _providers = (providers ?? []).ToList();

    public (DesiredState State, IReadOnlyList<ManifestError> Errors) Resolve(IEnumerable<ManifestObject> objects) =>
        ResolveAsync(objects, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<(DesiredState State, IReadOnlyList<ManifestError> Errors)> ResolveAsync(IEnumerable<ManifestObject> objects, CancellationToken cancellationToken)
    {
        var errors = new List<ManifestError>();
        var tunnels = new List<DesiredTunnel>();
        var proxies = new List<DesiredProxy>();
        foreach (var manifest in objects)
        {
            switch (manifest)
            {
                case TunnelManifest tunnel when await ResolveTunnelAsync(tunnel, errors, cancellationToken).ConfigureAwait(false) is { } desired
                    && WithHealth(tunnel, desired, errors) is { } withHealth:
                    tunnels.Add(withHealth);
                    break;
                case ProxyManifest proxy when ResolveProxy(proxy, errors) is { } desired && WithAuth(proxy, desired, errors) is { } withAuth:
                    proxies.Add(withAuth);
                    break;
            }
        }

        return (new DesiredState(tunnels, proxies), errors);
    }

    private async Task<DesiredTunnel?> ResolveTunnelAsync(TunnelManifest tunnel, List<ManifestError> errors, CancellationToken cancellationToken)
    {
        if (tunnel.Spec.Provider != PlainWireGuard)
        {
            return await ResolveProviderTunnelAsync(tunnel, errors, cancellationToken).ConfigureAwait(false);
        }

        var spec = tunnel.Spec.WireGuard;
        if (spec is null)
        {
            errors.Add(Error(tunnel, "spec.wireguard", "a wireguard section is required"));
            return null;
        }

        var config = spec.ConfigFile is not null
            ? ReadConfigFile(tunnel, spec.ConfigFile, errors)
            : BuildInline(tunnel, spec, errors);
        return config is null
            ? null
            : WithPortForward(tunnel, new DesiredTunnel(tunnel.Name, tunnel.Spec.Provider, tunnel.Spec.Mode, tunnel.Spec.Backend, config));
    }

    /// <summary>
    /// spec.health goes along for the daemon (validated already, not part of the spec hash). A probe
    /// of a host name needs the tunnel's DNS servers, which only the resolved config knows.
    /// </summary>
    private static DesiredTunnel? WithHealth(TunnelManifest tunnel, DesiredTunnel desired, List<ManifestError> errors)
    {
        if (tunnel.Spec.Health is not { } health)
        {
            return desired;
        }

        var probe = health.Probe is { } spec ? ProbeSettingsReader.From(spec) : null;
        if (probe is { Target.Destination: { IsName: true } destination })
        {
            var nameservers = desired.WireGuard.Dns.Select(d => IPAddress.TryParse(d, out var a) ? a : null).OfType<IPAddress>().ToList();
            if (nameservers.Count == 0)
            {
                errors.Add(Error(tunnel, "spec.health.probe",
                    $"{destination.Host} is a host name, and the tunnel has no DNS server to resolve it through: "
                    + "give the tunnel a DNS server (spec.wireguard.dns, or DNS = in its config file) or probe an IP address"));
                return null;
            }

            probe = probe with { Nameservers = nameservers };
        }

        return desired with { HandshakeMaxAge = health.HandshakeMaxAge, Probe = probe };
    }

    private async Task<DesiredTunnel?> ResolveProviderTunnelAsync(TunnelManifest tunnel, List<ManifestError> errors, CancellationToken cancellationToken)
    {
        var source = _providers.FirstOrDefault(p => p.Providers.Contains(tunnel.Spec.Provider));
        if (source is null)
        {
            errors.Add(Error(tunnel, "spec.provider", $"provider {tunnel.Spec.Provider} is not available in this build"));
            return null;
        }

        var resolution = await source.ResolveAsync(tunnel, cancellationToken).ConfigureAwait(false);
        foreach (var problem in resolution.Errors)
        {
            errors.Add(Error(tunnel, problem.FieldPath, problem.Message) with { Transient = problem.Transient });
        }

        return resolution is { Config: { } config, Errors.Count: 0 }
            ? WithPortForward(tunnel, new DesiredTunnel(tunnel.Name, tunnel.Spec.Provider, tunnel.Spec.Mode, tunnel.Spec.Backend, config) { Server = resolution.Server })
            : null;
    }

    private static DesiredTunnel WithPortForward(TunnelManifest manifest, DesiredTunnel tunnel) => WithKillSwitch(manifest,
        manifest.Spec.PortForwarding ? tunnel with { PortForward = new DesiredPortForward(tunnel.Name, manifest.Spec.PortForwardingHook) } : tunnel);

    /// <summary>A direct tunnel's kill switch (on by default); proxy exits have none.</summary>
    private static DesiredTunnel WithKillSwitch(TunnelManifest manifest, DesiredTunnel tunnel) =>
        manifest.Spec.Mode != TunnelMode.Direct
            ? tunnel
            : tunnel with
            {
                KillSwitch = manifest.Spec.KillSwitch is { } spec
                    ? new KillSwitchSettings(spec.Enabled, spec.AllowLan, spec.Lockdown)
                    : KillSwitchSettings.Default,
            };

    private WireGuardConfig? ReadConfigFile(TunnelManifest tunnel, string path, List<ManifestError> errors)
    {
        const string field = "spec.wireguard.configFile";
        if (ReadText(tunnel, field, path, errors) is not { } text)
        {
            return null;
        }

        var parsed = WgQuickConfig.Parse(text);
        foreach (var problem in parsed.Errors)
        {
            errors.Add(Error(tunnel, field, $"{path}:{problem.Line}: {problem.Message}"));
        }

        if (parsed.Config is { Peers.Count: 0 })
        {
            errors.Add(Error(tunnel, field, $"{path}: no [Peer] section"));
            return null;
        }

        return parsed.Errors.Count == 0 ? parsed.Config : null;
    }

    private WireGuardConfig? BuildInline(TunnelManifest tunnel, WireGuardSpec spec, List<ManifestError> errors)
    {
        var privateKey = spec.PrivateKeyFile is null ? null : ReadKey(tunnel, "spec.wireguard.privateKeyFile", spec.PrivateKeyFile, errors);
        var field = spec.Peer is not null ? "spec.wireguard.peer" : "spec.wireguard.peers";
        var peers = new List<WireGuardPeer>();
        for (var i = 0; i < spec.AllPeers.Count; i++)
        {
            var peer = spec.AllPeers[i];
            var path = spec.Peer is not null ? field : $"{field}[{i}]";
            Secret? presharedKey = null;
            if (peer.PresharedKeyFile is { } pskFile)
            {
                presharedKey = ReadKey(tunnel, path + ".presharedKeyFile", pskFile, errors);
                if (presharedKey is null)
                {
                    return null;
                }
            }

            if (peer.PublicKey is { } publicKey)
            {
                peers.Add(new WireGuardPeer(publicKey, peer.Endpoint, peer.AllowedIPs, presharedKey, peer.PersistentKeepalive));
            }
        }

        if (privateKey is null || peers.Count == 0 || peers.Count != spec.AllPeers.Count)
        {
            if (privateKey is not null || spec.PrivateKeyFile is null)
            {
                errors.Add(Error(tunnel, "spec.wireguard", "privateKeyFile and peer.publicKey are required"));
            }

            return null;
        }

        return new WireGuardConfig(privateKey, spec.Addresses, spec.Dns, spec.Mtu, peers);
    }

    private Secret? ReadKey(TunnelManifest tunnel, string field, string path, List<ManifestError> errors)
    {
        if (ReadText(tunnel, field, path, errors) is not { } text)
        {
            return null;
        }

        var key = text.Trim();
        if (!WireGuardKeyFormat.IsValid(key))
        {
            // The content is a secret: say what is wrong with it, never what it is.
            errors.Add(Error(tunnel, field, $"{path} does not hold a WireGuard key (base64 of 32 bytes)"));
            return null;
        }

        return new Secret(key);
    }

    private string? ReadText(TunnelManifest tunnel, string field, string path, List<ManifestError> errors)
    {
        try
        {
            return _readFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(Error(tunnel, field, $"cannot read {path}: {ex.Message}"));
            return null;
        }
    }

    private static DesiredProxy? ResolveProxy(ProxyManifest proxy, List<ManifestError> errors)
    {
        var socks = Listener(proxy, "spec.socks.listen", proxy.Spec.Socks, errors);
        var http = Listener(proxy, "spec.http.listen", proxy.Spec.Http, errors);
        return errors.Count > 0 && (socks.Failed || http.Failed)
            ? null
            : new DesiredProxy(proxy.Name, proxy.Spec.TunnelRef, socks.Endpoint, http.Endpoint, proxy.Spec.AccessLog);
    }

    /// <summary>Adds credentials (checked, digested, never kept) and limits; null when the credentials file is unusable.</summary>
    private DesiredProxy? WithAuth(ProxyManifest proxy, DesiredProxy desired, List<ManifestError> errors)
    {
        var timeouts = proxy.Spec.Timeouts;
        desired = desired with
        {
            Limits = new ProxyLimits(timeouts?.Connect, timeouts?.Handshake, timeouts?.Idle, proxy.Spec.MaxConnections),
        };
        if (proxy.Spec.Auth?.CredentialsFile is not { } file)
        {
            return desired;
        }

        const string field = "spec.auth.credentialsFile";
        string text;
        try
        {
            text = _readFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(Error(proxy, field, $"cannot read {file}: {ex.Message}"));
            return null;
        }

        if (!CredentialsLine.TryParse(text, out _, out var password, out var problem))
        {
            errors.Add(Error(proxy, field, $"{file} {problem}"));
            return null;
        }

        return desired with { CredentialsFile = file, CredentialsDigest = new Secret(text.Trim()).Digest() };
    }

    /// <summary>A missing listener section means "on, loopback, automatic port"; port 0 marks automatic.</summary>
    private static (IPEndPoint? Endpoint, bool Failed) Listener(ProxyManifest proxy, string field, ListenerSpec? spec, List<ManifestError> errors)
    {
        if (spec is { Enabled: false })
        {
            return (null, false);
        }

        if (spec?.Listen is not { } listen)
        {
            return (new IPEndPoint(IPAddress.Loopback, 0), false);
        }

        if (!ListenAddress.TryParse(listen, out var address, out var port, out var error))
        {
            errors.Add(Error(proxy, field, error));
            return (null, true);
        }

        return (new IPEndPoint(address, port), false);
    }

    private static ManifestError Error(ManifestObject manifest, string field, string message)
    {
        var position = manifest.Source?.PositionOf(field) ?? new SourcePosition("<unknown>", 1, 1);
        return new ManifestError(position, field, message) { Subject = manifest.KindAndName };
    }
}
