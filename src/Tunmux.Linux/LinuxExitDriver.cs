using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.PortForwarding;
using Tunmux.Core.State;
using Tunmux.Linux.Build;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Logging;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Observation;
using Tunmux.Linux.Probing;
using Tunmux.Linux.PortForward;
using Tunmux.Linux.Processes;
using Tunmux.Linux.Proxy;
using Tunmux.Linux.Recovery;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux;

/// <summary>
/// Runs exits on a Linux host in proxy mode: per tunnel a network namespace whose only way
/// out is a WireGuard interface (kernel or wireguard-go) created in the host namespace and
/// moved in, and proxy workers that run inside that namespace while listening in the host
/// namespace, and port keepers that hold a tunnel's forwarded port from inside its namespace.
/// Every program goes through the <see cref="ICommandRunner"/>; long-lived helpers
/// are started detached. Keeps no state: the records it returns are the caller's to keep.
/// </summary>
public sealed class LinuxExitDriver : IExitDriver
{
    private readonly LinuxDriverOptions _options;
    private readonly IProcessLauncher _launcher;
    private readonly HostScope _host;
    private readonly ILogger _logger;
    private readonly TunnelBuilder _builder;
    private readonly TunnelTeardown _teardown;
    private readonly TunnelInspector _inspector;
    private readonly NamespaceCleaner _cleaner;
    private readonly ProxyLauncher _proxies;
    private readonly PortKeeperLauncher _keepers;
    private readonly PeerSwitcher _peers;
    private readonly NamespaceProber _prober;

    public LinuxExitDriver(LinuxDriverOptions options, ICommandRunner runner, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(options, runner, DetachedProcessLauncher.Instance, logger, timeProvider)
    {
    }

    internal LinuxExitDriver(
        LinuxDriverOptions options,
        ICommandRunner runner,
        IProcessLauncher launcher,
        ILogger? logger,
        TimeProvider? timeProvider,
        IHandshakeNudge? nudge = null,
        IEndpointResolver? resolver = null,
        INamespaceRoutingReader? routing = null,
        PublicKeyDerivation? publicKeyOf = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        if (options.SelfCommand.Count == 0)
        {
            throw new ArgumentException("SelfCommand must name the tunmux executable", nameof(options));
        }

        _options = options;
        _launcher = launcher;
        _logger = logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        var loggedRunner = new LoggingCommandRunner(runner, _logger);
        _host = new HostScope(options.HostNamespace, options.Paths);
        _cleaner = new NamespaceCleaner(options.Paths, loggedRunner, launcher, options.StopGrace, _logger);
        var wireGuardGo = new WireGuardGoRunner(options, launcher, _logger);
        var probe = new HostWireGuardProbe(options.Paths, loggedRunner, options.WireGuardGoPath);
        var prompt = new HandshakePrompt(nudge ?? UdpHandshakeNudge.Instance, options.Paths, _logger);
        _builder = new TunnelBuilder(options, _host, loggedRunner, probe, wireGuardGo, _cleaner, prompt, time, _logger);
        _peers = new PeerSwitcher(loggedRunner, resolver ?? DnsEndpointResolver.Instance, prompt, _logger);
        _teardown = new TunnelTeardown(options.Paths, loggedRunner, wireGuardGo, _cleaner, _logger);
        var wgShow = new WgShowStateReader(loggedRunner);
        _inspector = new TunnelInspector(
            options.Paths,
            launcher,
            routing ?? new NetlinkRoutingReader(options.Paths),
            new UapiStateReader(options.Paths, wgShow, publicKeyOf),
            wgShow);
        _proxies = new ProxyLauncher(options, _host, launcher, time, _logger);
        _prober = new NamespaceProber(options.Paths);
        _keepers = new PortKeeperLauncher(options, launcher, time, _logger);
    }

    public IReadOnlyList<string> ListNamespaces(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var folder = _options.Paths.NetnsDir;
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
    }

    /// <remarks>Reads in-process (rtnetlink, wireguard-go's control socket; `wg` only for kernel WireGuard); blocks because the seam is synchronous.</remarks>
    public TunnelFacts InspectTunnel(TunnelRecord record) =>
        _inspector.InspectAsync(record, CancellationToken.None).GetAwaiter().GetResult();

    public bool IsAlive(ProcessRef process) => _launcher.IsAlive(process);

    public IReadOnlySet<int> ListHostTcpPorts() => HostTcpPorts.List(_host, _options.Paths);

    public Task<TunnelRecord> CreateTunnelAsync(DesiredTunnel tunnel, CancellationToken cancellationToken) =>
        _builder.CreateAsync(tunnel, cancellationToken);

    public Task<TunnelRecord> ReconnectAsync(TunnelRecord record, DesiredTunnel tunnel, int peerIndex, CancellationToken cancellationToken) =>
        _peers.SwitchAsync(record, tunnel, peerIndex, cancellationToken);

    public Task<ProbeOutcome> ProbeAsync(TunnelRecord tunnel, ProbeSettings probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        return _prober.ProbeAsync(tunnel.Namespace, probe, cancellationToken);
    }

    public Task DeleteTunnelAsync(TunnelRecord record, CancellationToken cancellationToken) =>
        _teardown.DeleteAsync(record, cancellationToken);

    /// <remarks>
    /// Only namespaces with our prefix are touched. Its wireguard-go (in the host namespace) exits
    /// by itself once the namespace, and with it the interface, is gone; a socket left by a
    /// killed one is removed.
    /// </remarks>
    public async Task DeleteOrphanNamespaceAsync(string namespaceName, CancellationToken cancellationToken)
    {
        var tunnel = _options.Naming.TunnelOfNamespace(namespaceName)
            ?? throw new ArgumentException($"namespace '{namespaceName}' does not carry the prefix '{_options.Naming.NamespacePrefix}', so it is not ours to delete", nameof(namespaceName));
        await _cleaner.RemoveAsync(namespaceName, cancellationToken).ConfigureAwait(false);
        UapiSocket.RemoveIfStale(_options.Paths.WireGuardSocket(_options.Naming.InterfaceFor(tunnel)));
        LinuxLog.OrphanDeleted(_logger, namespaceName);
    }

    public Task<ProxyRecord> StartProxyAsync(DesiredProxy proxy, TunnelRecord tunnel, CancellationToken cancellationToken) =>
        _proxies.StartAsync(proxy, tunnel, cancellationToken);

    public Task StopProxyAsync(ProxyRecord record, bool cutConnections, CancellationToken cancellationToken) =>
        _proxies.StopAsync(record, cutConnections, cancellationToken);

    public ProxyConnectionCounts? ReadProxyConnections(ProxyRecord record) => _proxies.ReadConnections(record);

    public Task<PortForwardRecord> StartPortForwardAsync(DesiredPortForward keeper, TunnelRecord tunnel, CancellationToken cancellationToken) =>
        _keepers.StartAsync(keeper, tunnel, cancellationToken);

    public Task StopPortForwardAsync(PortForwardRecord record, bool releaseMapping, CancellationToken cancellationToken) =>
        _keepers.StopAsync(record, releaseMapping, cancellationToken);

    public ForwardedPortState? ReadPortForward(PortForwardRecord record) => PortKeeperLauncher.Read(record);
}
