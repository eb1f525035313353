namespace Tunmux.Daemon.Metrics;

/// <summary>
/// The metrics the daemon exposes, with one method per thing it observes. Tunnel and proxy
/// names become label values; reconcile error reasons must come from a small fixed set
/// (e.g. a condition reason), never free text, to keep the number of series bounded.
/// </summary>
public sealed class TunmuxMetrics
{
    /// <summary>Reconciles run host commands: from milliseconds to a slow provider call.</summary>
    public static IReadOnlyList<double> ReconcileBuckets { get; } = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly TimeProvider _time;

    public TunmuxMetrics(MetricsRegistry registry, string version, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(version);
        Registry = registry;
        _time = timeProvider ?? TimeProvider.System;
        TunnelUp = registry.CreateGauge("tunmux_tunnel_up", "Whether the tunnel is up (1) or not (0).", "tunnel");
        TunnelHandshakeAge = registry.CreateGauge(
            "tunmux_tunnel_handshake_age_seconds", "Seconds since the tunnel's latest WireGuard handshake; absent before the first.", "tunnel");
        TunnelReceiveBytes = registry.CreateCounter("tunmux_tunnel_receive_bytes_total", "Bytes received through the tunnel.", "tunnel");
        TunnelTransmitBytes = registry.CreateCounter("tunmux_tunnel_transmit_bytes_total", "Bytes sent through the tunnel.", "tunnel");
        ProxyConnectionsActive = registry.CreateGauge("tunmux_proxy_connections_active", "Proxy connections open now.", "proxy");
        ProxyConnectionsTotal = registry.CreateCounter("tunmux_proxy_connections_total", "Proxy connections accepted.", "proxy");
        ReconcileDuration = registry.CreateHistogram("tunmux_reconcile_duration_seconds", "Time taken by reconcile passes.", ReconcileBuckets);
        ReconcileErrors = registry.CreateCounter("tunmux_reconcile_errors_total", "Reconcile passes that failed, by reason.", "reason");
        KillSwitchPolicy = registry.CreateGauge(
            "tunmux_killswitch_policy", "1 for the kill switch policy in force (off, connecting, connected, blocked), 0 for the others; critical=1 when the block could not be applied.", "policy", "critical");
        BuildInfo = registry.CreateGauge("tunmux_build_info", "Always 1; the labels describe the running build.", "version");
        BuildInfo.WithLabels(version).Set(1);
    }

    public MetricsRegistry Registry { get; }

    public Gauge TunnelUp { get; }

    public Gauge TunnelHandshakeAge { get; }

    public Counter TunnelReceiveBytes { get; }

    public Counter TunnelTransmitBytes { get; }

    public Gauge ProxyConnectionsActive { get; }

    public Counter ProxyConnectionsTotal { get; }

    public Histogram ReconcileDuration { get; }

    public Counter ReconcileErrors { get; }

    public Gauge BuildInfo { get; }

    public Gauge KillSwitchPolicy { get; }

    /// <summary>Sets the policy in force to 1 and every other policy to 0.</summary>
    public void ObserveKillSwitch(string policy, bool critical)
    {
        foreach (var name in new[] { "off", "connecting", "connected", "blocked" })
        {
            foreach (var flag in new[] { "0", "1" })
            {
                KillSwitchPolicy.WithLabels(name, flag).Set(name == policy && (flag == "1") == critical ? 1 : 0);
            }
        }
    }

    /// <summary>
    /// Records what was observed of a tunnel. The handshake age is computed at scrape time from
    /// <paramref name="latestHandshake"/>, so it keeps growing between observations; null (no
    /// handshake yet) exposes no age. Byte counts are WireGuard's own totals.
    /// </summary>
    public void ObserveTunnel(string tunnel, bool up, DateTimeOffset? latestHandshake, ulong receiveBytes, ulong transmitBytes)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        TunnelUp.WithLabels(tunnel).Set(up ? 1 : 0);
        if (latestHandshake is { } handshake)
        {
            TunnelHandshakeAge.WithLabels(tunnel).SetFunction(() => Math.Max(0, (_time.GetUtcNow() - handshake).TotalSeconds));
        }
        else
        {
            TunnelHandshakeAge.Remove(tunnel);
        }

        TunnelReceiveBytes.WithLabels(tunnel).SetTotal(receiveBytes);
        TunnelTransmitBytes.WithLabels(tunnel).SetTotal(transmitBytes);
    }

    /// <summary>Stops exposing a deleted tunnel's series.</summary>
    public void ForgetTunnel(string tunnel)
    {
        TunnelUp.Remove(tunnel);
        TunnelHandshakeAge.Remove(tunnel);
        TunnelReceiveBytes.Remove(tunnel);
        TunnelTransmitBytes.Remove(tunnel);
    }

    /// <summary>Records counts reported by a proxy worker (which runs in its own process).</summary>
    public void ObserveProxy(string proxy, long activeConnections, ulong totalConnections)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ProxyConnectionsActive.WithLabels(proxy).Set(activeConnections);
        ProxyConnectionsTotal.WithLabels(proxy).SetTotal(totalConnections);
    }

    /// <summary>For a proxy served in this process: one connection accepted.</summary>
    public void ProxyConnectionOpened(string proxy)
    {
        ProxyConnectionsActive.WithLabels(proxy).Increment();
        ProxyConnectionsTotal.WithLabels(proxy).Increment();
    }

    /// <summary>For a proxy served in this process: one connection ended.</summary>
    public void ProxyConnectionClosed(string proxy) => ProxyConnectionsActive.WithLabels(proxy).Decrement();

    /// <summary>Stops exposing a deleted proxy's series.</summary>
    public void ForgetProxy(string proxy)
    {
        ProxyConnectionsActive.Remove(proxy);
        ProxyConnectionsTotal.Remove(proxy);
    }

    /// <summary>Records one reconcile pass; a non-null <paramref name="errorReason"/> also counts it as failed.</summary>
    public void RecordReconcile(TimeSpan duration, string? errorReason = null)
    {
        ReconcileDuration.WithLabels().Observe(Math.Max(0, duration.TotalSeconds));
        if (errorReason is not null)
        {
            ReconcileErrors.WithLabels(errorReason).Increment();
        }
    }
}
