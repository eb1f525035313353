using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.PortForwarding;
using Tunmux.Core.State;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// The in-memory host, with a gate in front of building tunnels and starting proxies: a held
/// key's builds wait until the test releases it. It counts what is in flight at once, in all
/// and per key (a tunnel's name, a proxy's tunnel), and lets a test wait for a number of builds
/// to be in flight: the way to see that keys run side by side, and that one never runs twice.
/// </summary>
internal sealed class GatedExitDriver(FakeExitDriver inner) : IExitDriver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlightPerKey = new(StringComparer.Ordinal);
    private readonly List<(Func<bool> Reached, TaskCompletionSource Done)> _watchers = [];
    private readonly List<string> _arrivals = [];
    private int _inFlight;

    public FakeExitDriver Inner => inner;

    /// <summary>The most builds in flight at once.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>The most builds of one key in flight at once: 1 unless two workers raced on a key.</summary>
    public int MaxInFlightPerKey { get; private set; }

    /// <summary>"tunnel NAME" and "proxy NAME" as each build arrived at the gate.</summary>
    public IReadOnlyList<string> Arrivals
    {
        get
        {
            lock (_gate)
            {
                return [.. _arrivals];
            }
        }
    }

    /// <summary>
    /// Builds of these keys (a tunnel's name: its tunnel and proxies), or these single builds
    /// ("proxy NAME"), wait from now on until <see cref="Release"/>.
    /// </summary>
    public void Hold(params string[] keys)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _held[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Release(params string[] keys)
    {
        lock (_gate)
        {
            foreach (var key in keys.Length > 0 ? keys : [.. _held.Keys])
            {
                if (_held.Remove(key, out var held))
                {
                    held.TrySetResult();
                }
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> builds are in flight at once (fails the test after 20 s).</summary>
    public Task UntilInFlight(int count) => Until(() => _inFlight >= count, $"{count} builds in flight at once");

    /// <summary>Completes once a build named <paramref name="arrival"/> ("tunnel a", "proxy pa") reached the gate <paramref name="times"/> times.</summary>
    public Task UntilArrived(string arrival, int times = 1) => Until(() => _arrivals.Count(a => a == arrival) >= times, $"{arrival} ({times}x)");

    public IReadOnlyList<string> ListNamespaces(string prefix) => inner.ListNamespaces(prefix);

    public TunnelFacts InspectTunnel(TunnelRecord record) => inner.InspectTunnel(record);

    public bool IsAlive(ProcessRef process) => inner.IsAlive(process);

    public IReadOnlySet<int> ListHostTcpPorts() => inner.ListHostTcpPorts();

    public Task<TunnelRecord> CreateTunnelAsync(DesiredTunnel tunnel, CancellationToken cancellationToken) =>
        ThroughGateAsync(tunnel.Name, $"tunnel {tunnel.Name}", () => inner.CreateTunnelAsync(tunnel, cancellationToken));

    public Task<TunnelRecord> ReconnectAsync(TunnelRecord record, DesiredTunnel tunnel, int peerIndex, CancellationToken cancellationToken) =>
        inner.ReconnectAsync(record, tunnel, peerIndex, cancellationToken);

    public Task<ProbeOutcome> ProbeAsync(TunnelRecord tunnel, ProbeSettings probe, CancellationToken cancellationToken) =>
        inner.ProbeAsync(tunnel, probe, cancellationToken);

    public Task DeleteTunnelAsync(TunnelRecord record, CancellationToken cancellationToken) => inner.DeleteTunnelAsync(record, cancellationToken);

    public Task DeleteOrphanNamespaceAsync(string namespaceName, CancellationToken cancellationToken) =>
        inner.DeleteOrphanNamespaceAsync(namespaceName, cancellationToken);

    public Task<ProxyRecord> StartProxyAsync(DesiredProxy proxy, TunnelRecord tunnel, CancellationToken cancellationToken) =>
        ThroughGateAsync(proxy.TunnelRef, $"proxy {proxy.Name}", () => inner.StartProxyAsync(proxy, tunnel, cancellationToken));

    public Task StopProxyAsync(ProxyRecord record, bool cutConnections, CancellationToken cancellationToken) => inner.StopProxyAsync(record, cutConnections, cancellationToken);

    public ProxyConnectionCounts? ReadProxyConnections(ProxyRecord record) => inner.ReadProxyConnections(record);

    public Task<PortForwardRecord> StartPortForwardAsync(DesiredPortForward keeper, TunnelRecord tunnel, CancellationToken cancellationToken) =>
        inner.StartPortForwardAsync(keeper, tunnel, cancellationToken);

    public Task StopPortForwardAsync(PortForwardRecord record, bool releaseMapping, CancellationToken cancellationToken) =>
        inner.StopPortForwardAsync(record, releaseMapping, cancellationToken);

    public ForwardedPortState? ReadPortForward(PortForwardRecord record) => inner.ReadPortForward(record);

    private async Task<T> ThroughGateAsync<T>(string key, string arrival, Func<Task<T>> build)
    {
        Task held;
        lock (_gate)
        {
            _arrivals.Add(arrival);
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
            var perKey = _inFlightPerKey[key] = _inFlightPerKey.GetValueOrDefault(key) + 1;
            MaxInFlightPerKey = Math.Max(MaxInFlightPerKey, perKey);
            held = _held.TryGetValue(arrival, out var gate) || _held.TryGetValue(key, out gate) ? gate.Task : Task.CompletedTask;
            Notify();
        }

        try
        {
            await held.ConfigureAwait(false);
            return await build().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
                _inFlightPerKey[key]--;
            }
        }
    }

    private async Task Until(Func<bool> reached, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (reached())
            {
                return;
            }

            _watchers.Add((reached, done));
        }

        try
        {
            await done.Task.WaitAsync(Patience).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"waited {Patience.TotalSeconds} s for {what}; arrivals: {string.Join(", ", Arrivals)}");
        }
    }

    /// <summary>Called with the lock held.</summary>
    private void Notify()
    {
        foreach (var watcher in _watchers.Where(w => w.Reached()).ToList())
        {
            _watchers.Remove(watcher);
            watcher.Done.TrySetResult();
        }
    }
}
