using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tunmux.Api.Model;
using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Backends;
using Tunmux.Core.Direct.Policy;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Model;
using Tunmux.Core.Providers;
using Tunmux.Daemon.Metrics;
using Tunmux.Linux.Direct;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Resolution;

namespace Tunmux.Cli.Daemon.Direct;

/// <summary>
/// Direct mode in the daemon: every <see cref="Interval"/> (and at start) one pass reads the
/// declared set, resolves the direct tunnel (only when its manifest changed: a provider is not
/// asked every few seconds), and lets <see cref="DirectModeHost"/> check the block rule by rule,
/// repair it, and bring the tunnel, routes and DNS to the spec. The block lives in the kernel, not
/// in this process: stopping or killing the daemon leaves it in place.
/// </summary>
public sealed partial class DirectModeService(
    DirectModeHost host,
    DeclaredSources sources,
    IReadOnlyList<IProviderTunnelSource> providers,
    HostNaming naming,
    string stateDir,
    TimeSpan interval,
    TunmuxMetrics? metrics,
    ILogger<DirectModeService> logger,
    TimeProvider? time = null) : BackgroundService, IDirectKeyReconciler
{
    /// <summary>A tunnel whose newest handshake is older than this is connecting, not connected.</summary>
    public static readonly TimeSpan HandshakeMaxAge = TimeSpan.FromSeconds(180);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // Endpoint names are resolved once, before the block, and pinned on disk (see EndpointPins).
    private readonly EndpointPins _pins = new(Path.Combine(stateDir, "direct"));

    // LeakFree as this pass's block step found it; Publish takes it (none: the pass never reached the block).
    private LeakFreeCondition? _leakFree;

    // The periodic pass and a pass the control loop asks for never run at once.
    private readonly SemaphoreSlim _onePass = new(1, 1);
    private readonly Dictionary<string, (string Manifest, DesiredTunnel Tunnel, IReadOnlyList<IPEndPoint> Endpoints)> _resolved = new(StringComparer.Ordinal);

    public TimeSpan Interval => interval;

    /// <summary>How often the periodic pass runs while nothing of direct mode is declared or in force (see <see cref="DirectPassCadence"/>).</summary>
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(30);

    private readonly DirectPassCadence _cadence = new(IdleInterval);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        do
        {
            var directDeclared = sources.Current().Any(o => o is TunnelManifest { Spec.Mode: TunnelMode.Direct });
            if (!_cadence.Due(directDeclared, _time.GetUtcNow()))
            {
                continue;
            }

            try
            {
                await PassAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>The control loop's pass over a direct key: one pass, and where the key stands after it.</summary>
    public async Task<KeyOutcome> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var pass = await PassAsync(cancellationToken).ConfigureAwait(false);
        return DirectKeyOutcomes.Of(key, pass.Tunnel, pass.Phase, pass.Unresolved);
    }

    /// <summary>What one pass came to, for the control loop.</summary>
    /// <param name="Tunnel">The direct tunnel declared (and built, unless unresolved), or null.</param>
    public sealed record DirectPass(string? Tunnel, (TunnelPhase Phase, Cause Cause)? Phase, IReadOnlyList<ManifestError>? Unresolved);

    public async Task<DirectPass> PassAsync(CancellationToken cancellationToken)
    {
        await _onePass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Until a pass says otherwise (it may end early or fail), direct mode has something to do.
            _cadence.Ran(idle: false, _time.GetUtcNow());
            return await OnePassAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _onePass.Release();
        }
    }

    private async Task<DirectPass> OnePassAsync(CancellationToken cancellationToken)
    {
        var declared = sources.Current();
        if (sources.Problems.Count > 0 && declared.Count == 0)
        {
            // Unreadable is not undeclared: leave the block and the tunnel as they are.
            return new DirectPass(null, null, [.. sources.Problems.Select(p => p with { Transient = true })]);
        }

        var tunnels = declared.OfType<TunnelManifest>().ToList();
        var directManifest = tunnels.FirstOrDefault(t => t.Spec.Mode == TunnelMode.Direct);
        var proxyEndpoints = new List<IPEndPoint>();
        foreach (var proxyTunnel in tunnels.Where(t => t.Spec.Mode == TunnelMode.Proxy))
        {
            if (await ResolveAsync(proxyTunnel, cancellationToken).ConfigureAwait(false) is { } resolved)
            {
                proxyEndpoints.AddRange(resolved.Endpoints);
            }
        }

        DirectDesired? desired = null;
        string? invalid = null;
        IReadOnlyList<ManifestError> unresolved = [];
        if (directManifest is not null)
        {
            if (await ResolveAsync(directManifest, cancellationToken, errors => unresolved = errors).ConfigureAwait(false) is { } resolved)
            {
                desired = new DirectDesired(
                    directManifest.Name,
                    naming.InterfaceFor(directManifest.Name),
                    Backend(directManifest.Spec.Backend),
                    await PinnedAsync(resolved.Tunnel.WireGuard.WithOnlyPeer(0), cancellationToken).ConfigureAwait(false),
                    resolved.Tunnel.KillSwitch ?? KillSwitchSettings.Default,
                    resolved.Endpoints,
                    resolved.Tunnel.SpecHash);
            }
            else
            {
                invalid = $"the direct tunnel {directManifest.Name} could not be resolved";
            }
        }

        if (directManifest is not null && desired is null)
        {
            // Cannot know what to build: keep whatever block is in place, build nothing.
            Publish(new PolicyInForce(HostPolicy.Blocked, "Unresolved", invalid!, false), directManifest.Name, null, null, []);
            return new DirectPass(directManifest.Name, null, unresolved.Count > 0 ? unresolved : [new ManifestError(directManifest.Source?.PositionOf("") ?? new SourcePosition("", 0, 0), "", invalid!) { Subject = directManifest.KindAndName, Transient = true }]);
        }

        if (tunnels.All(t => _resolved.ContainsKey(t.Name)))
        {
            _pins.Keep(tunnels.SelectMany(t => _resolved[t.Name].Tunnel.WireGuard.Peers).Select(p => p.Endpoint).OfType<string>().ToHashSet(StringComparer.Ordinal));
        }

        var outcome = await host.EnsureAsync(desired, proxyEndpoints, cancellationToken).ConfigureAwait(false);
        _cadence.Ran(idle: desired is null && outcome.Settings is null && outcome.BlockError is null && outcome.Repaired.Count == 0, _time.GetUtcNow());
        _leakFree = LeakFreeDecision.Decide(outcome.Settings, outcome.BlockError, outcome.BlockVerified);
        (TunnelPhase, Cause)? phase = desired is null ? null : Phase(outcome);
        var policy = PolicyDecision.Decide(outcome.Settings, phase, outcome.BlockError);
        Publish(policy, desired?.TunnelName, outcome.Backend, outcome.LatestHandshake, outcome.Repaired);
        return new DirectPass(desired?.TunnelName, phase, null);
    }

    private (TunnelPhase, Cause) Phase(DirectOutcome outcome)
    {
        if (outcome.TunnelError is { } error)
        {
            return (TunnelPhase.Blocked, new Cause(LifecycleReasons.BuildFailed, $"the tunnel could not be brought up: {error}"));
        }

        return outcome.LatestHandshake is { } handshake && _time.GetUtcNow() - handshake <= HandshakeMaxAge
            ? (TunnelPhase.Connected, new Cause(LifecycleReasons.HandshakeFresh, "recent handshake"))
            : (TunnelPhase.Connecting, new Cause(LifecycleReasons.AwaitingHandshake, "waiting for a handshake with the server"));
    }

    private void Publish(PolicyInForce policy, string? tunnel, DirectBackend? backend, DateTimeOffset? handshake, IReadOnlyList<string> repaired)
    {
        var leakFree = _leakFree ?? new LeakFreeCondition("Unknown", "Unresolved", "the direct tunnel could not be resolved, so the block was not checked this pass");
        _leakFree = null;
        var status = DirectStatus.From(policy, tunnel, backend is { } b ? BackendText(b) : null, handshake, repaired, _time.GetUtcNow()) with
        {
            LeakFree = leakFree.Status,
            LeakFreeReason = leakFree.Reason,
            LeakFreeMessage = leakFree.Message,
        };
        var previous = DirectStatus.Read(stateDir);
        if (previous is null || previous.Policy != status.Policy || previous.Reason != status.Reason || previous.LeakFree != status.LeakFree || repaired.Count > 0)
        {
            LogPolicy(logger, status.Policy, status.Message);
        }

        // Written when it says something new: an fsync'd file every few seconds is most of an idle pass.
        if (previous is null || !status.SameAs(previous))
        {
            status.Write(stateDir);
        }

        metrics?.ObserveKillSwitch(status.Policy, policy.Critical);
    }

    private async Task<(DesiredTunnel Tunnel, IReadOnlyList<IPEndPoint> Endpoints)?> ResolveAsync(
        TunnelManifest manifest, CancellationToken cancellationToken, Action<IReadOnlyList<ManifestError>>? unresolved = null)
    {
        var text = Api.ManifestWriter.ToJson([manifest]);
        if (_resolved.TryGetValue(manifest.Name, out var cached) && cached.Manifest == text)
        {
            return (cached.Tunnel, cached.Endpoints);
        }

        var (desired, errors) = await new ManifestResolver(providers).ResolveAsync([manifest], cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || desired.Tunnels.Count == 0)
        {
            LogUnresolved(logger, manifest.Name, errors.Count > 0 ? errors[0].Message : "no tunnel");
            unresolved?.Invoke(errors);
            return null;
        }

        var tunnel = desired.Tunnels[0];
        var endpoints = new List<IPEndPoint>();
        foreach (var peer in tunnel.WireGuard.Peers)
        {
            if (peer.Endpoint is { } endpoint && await _pins.PinAsync(endpoint, cancellationToken).ConfigureAwait(false) is { } resolved)
            {
                endpoints.Add(resolved);
            }
        }

        _resolved[manifest.Name] = (text, tunnel, endpoints);
        return (tunnel, endpoints);
    }

    /// <summary>The config with each peer's endpoint name replaced by its pinned address, so WireGuard never looks a name up itself.</summary>
    private async Task<WireGuardConfig> PinnedAsync(WireGuardConfig config, CancellationToken cancellationToken)
    {
        var peers = new List<WireGuardPeer>();
        foreach (var peer in config.Peers)
        {
            var pinned = peer.Endpoint is { } endpoint ? await _pins.PinAsync(endpoint, cancellationToken).ConfigureAwait(false) : null;
            peers.Add(pinned is null ? peer : peer with { Endpoint = pinned.ToString() });
        }

        return config with { Peers = peers };
    }

    /// <summary>auto: kernel WireGuard when the module is there, else wireguard-go.</summary>
    public static DirectBackend Backend(BackendKind requested) => requested switch
    {
        BackendKind.Kernel => DirectBackend.Kernel,
        BackendKind.Userspace => DirectBackend.Userspace,
        BackendKind.WgQuick => DirectBackend.WgQuick,
        _ => Directory.Exists("/sys/module/wireguard") ? DirectBackend.Kernel : DirectBackend.Userspace,
    };

    public static string BackendText(DirectBackend backend) => backend switch
    {
        DirectBackend.Kernel => "kernel",
        DirectBackend.Userspace => "userspace",
        _ => "wg-quick",
    };

    [LoggerMessage(EventId = 9120, Level = LogLevel.Warning, Message = "Kill switch: {Policy}: {Message}")]
    private static partial void LogPolicy(ILogger logger, string policy, string message);

    [LoggerMessage(EventId = 9121, Level = LogLevel.Error, Message = "Direct mode pass failed: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 9122, Level = LogLevel.Warning, Message = "Tunnel {Tunnel} could not be resolved: {Error}")]
    private static partial void LogUnresolved(ILogger logger, string tunnel, string error);
}
