using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.PortForwarding;
using Tunmux.Core.State;

namespace Tunmux.Testing;

/// <summary>
/// An in-memory host: namespaces, tunnels and workers that exist until deleted. Tests break
/// it on purpose (kill a worker, drop a namespace, make a step fail, silence a server) and
/// check what the reconciler does about it. It counts every call, so "changed nothing" is
/// checkable. A peer whose endpoint is not in <see cref="DeadEndpoints"/> answers: every
/// inspection of a tunnel configured with it shows a handshake "now" (by <see cref="Clock"/>).
/// The control loop's workers call it from several threads: each call holds one lock, so the
/// collections stay whole (a test that changes them while the loop runs does so between calls).
/// </summary>
public sealed class FakeExitDriver(HostNaming? naming = null) : IExitDriver
{
    private readonly HostNaming _naming = naming ?? new HostNaming();
    private readonly Lock _gate = new();
    private int _nextPid = 1000;

    public HashSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TunnelFacts> Tunnels { get; } = new(StringComparer.Ordinal);

    public HashSet<int> LivePids { get; } = [];

    public HashSet<int> BusyPorts { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>Proxies stopped with their connections cut (their tunnel was going away), in order.</summary>
    public List<string> CutProxies { get; } = [];

    /// <summary>The tunnels whose keeper was stopped with its mapping released (deleted, not replaced).</summary>
    public List<string> ReleasedMappings { get; } = [];

    /// <summary>Tunnel names whose creation throws, to test failure isolation.</summary>
    public HashSet<string> FailingTunnels { get; } = new(StringComparer.Ordinal);

    /// <summary>Tunnel names whose reconnect (a recovery step) throws.</summary>
    public HashSet<string> FailingReconnects { get; } = new(StringComparer.Ordinal);

    /// <summary>What a failing tunnel's build reports; null for the usual "step 'wg setconf' failed".</summary>
    public string? FailureMessage { get; set; }

    /// <summary>Peer endpoints whose server is down: a tunnel using one gets no new handshake.</summary>
    public HashSet<string> DeadEndpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>What each worker (by PID) published about its connections: open now, admitted in all.</summary>
    public Dictionary<int, (long Active, long Total)> ProxyConnections { get; } = [];

    /// <summary>
    /// Probe targets (as "HOST:PORT") that do not answer: a probe of one fails with "no answer";
    /// every other probe passes. Probes come from other threads than the controller's worker, so
    /// this set is a concurrent one, and probes are counted apart from <see cref="Calls"/>.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, byte> UnreachableTargets { get; } = new(StringComparer.Ordinal);

    /// <summary>"tunnel target" for every probe run, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Probes { get; } = new();

    /// <summary>What each tunnel's port keeper reports, by tunnel; tests set it as a keeper would write it.</summary>
    public Dictionary<string, ForwardedPortState> PortStates { get; } = new(StringComparer.Ordinal);

    /// <summary>The host's clock: creation times and handshakes are stamped with it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public int MutatingCalls => Calls.Count(c => !c.StartsWith("inspect", StringComparison.Ordinal));

    /// <summary>Takes a namespace away, as `ip netns del` behind tunmux's back would (safe while the loop runs).</summary>
    public void RemoveNamespace(string name)
    {
        lock (_gate)
        {
            Namespaces.Remove(name);
        }
    }

    public IReadOnlyList<string> ListNamespaces(string prefix)
    {
        lock (_gate)
        {
            return Namespaces.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
    }

    public TunnelFacts InspectTunnel(TunnelRecord record)
    {
        lock (_gate)
        {
            Calls.Add($"inspect {record.Name}");
            if (!Namespaces.Contains(record.Namespace) || !Tunnels.TryGetValue(record.Name, out var facts))
            {
                return TunnelFacts.Missing;
            }

            if (facts is { InterfaceExists: true, WireGuardProcessAlive: true } && Answers(facts.PeerEndpoint))
            {
                facts = Tunnels[record.Name] = facts with { LatestHandshake = Clock.GetUtcNow() };
            }

            return facts;
        }
    }

    public bool IsAlive(ProcessRef process)
    {
        lock (_gate)
        {
            return LivePids.Contains(process.Pid);
        }
    }

    public IReadOnlySet<int> ListHostTcpPorts()
    {
        lock (_gate)
        {
            return BusyPorts.ToHashSet();
        }
    }

    public Task<TunnelRecord> CreateTunnelAsync(DesiredTunnel tunnel, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"create tunnel {tunnel.Name}");
            if (FailingTunnels.Contains(tunnel.Name))
            {
                throw new InvalidOperationException(FailureMessage ?? $"step 'wg setconf' failed for {tunnel.Name}");
            }

            var ns = _naming.NamespaceFor(tunnel.Name);
            Namespaces.Add(ns);
            var endpoint = tunnel.ActiveWireGuardPeer.Endpoint;
            Tunnels[tunnel.Name] = new TunnelFacts(true, true, true, true, true, "pub", endpoint, HandshakeWith(endpoint), 0, 0);
            var pid = _nextPid++;
            LivePids.Add(pid);
            return Task.FromResult(new TunnelRecord(
                tunnel.Name, ns, _naming.InterfaceFor(tunnel.Name), BackendKind.Userspace, tunnel.SpecHash,
                new ProcessRef(pid, 1), Clock.GetUtcNow(), tunnel.PeerIndex(tunnel.ActivePeer), tunnel.Server));
        }
    }

    public Task<TunnelRecord> ReconnectAsync(TunnelRecord record, DesiredTunnel tunnel, int peerIndex, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = tunnel.PeerIndex(peerIndex);
            Calls.Add($"reconnect {record.Name} peer {index + 1}");
            if (FailingReconnects.Contains(record.Name))
            {
                throw new InvalidOperationException($"step 'wg set' failed for {record.Name}");
            }

            if (!Namespaces.Contains(record.Namespace) || !Tunnels.TryGetValue(record.Name, out var facts))
            {
                throw new InvalidOperationException($"tunnel {record.Name} is not there to reconnect");
            }

            // As `wg setconf` does: a new peer object, so no handshake and no counters until it answers.
            var endpoint = tunnel.WireGuard.Peers[index].Endpoint;
            Tunnels[record.Name] = facts with { PeerEndpoint = endpoint, LatestHandshake = HandshakeWith(endpoint), RxBytes = 0, TxBytes = 0 };
            return Task.FromResult(record with { ActivePeer = index });
        }
    }

    public Task<ProbeOutcome> ProbeAsync(TunnelRecord tunnel, ProbeSettings probe, CancellationToken cancellationToken)
    {
        var target = probe.Target.Destination.ToString();
        Probes.Enqueue($"{tunnel.Name} {target}");
        return Task.FromResult(UnreachableTargets.ContainsKey(target)
            ? ProbeOutcome.Failed($"no answer within {probe.Timeout.TotalSeconds} s")
            : ProbeOutcome.Passed("connected"));
    }

    public Task DeleteTunnelAsync(TunnelRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"delete tunnel {record.Name}");
            Namespaces.Remove(record.Namespace);
            Tunnels.Remove(record.Name);
            if (record.WireGuardProcess is { } process)
            {
                LivePids.Remove(process.Pid);
            }

            return Task.CompletedTask;
        }
    }

    public Task DeleteOrphanNamespaceAsync(string namespaceName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"delete namespace {namespaceName}");
            Namespaces.Remove(namespaceName);
            return Task.CompletedTask;
        }
    }

    public Task<ProxyRecord> StartProxyAsync(DesiredProxy proxy, TunnelRecord tunnel, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"start proxy {proxy.Name}");
            var pid = _nextPid++;
            LivePids.Add(pid);
            foreach (var port in new[] { proxy.Socks?.Port, proxy.Http?.Port }.OfType<int>())
            {
                BusyPorts.Add(port);
            }

            return Task.FromResult(new ProxyRecord(
                proxy.Name, proxy.TunnelRef, proxy.Socks?.ToString(), proxy.Http?.ToString(), proxy.SpecHash,
                new ProcessRef(pid, 1), Clock.GetUtcNow()));
        }
    }

    public Task StopProxyAsync(ProxyRecord record, bool cutConnections, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"stop proxy {record.Name}");
            if (cutConnections)
            {
                CutProxies.Add(record.Name);
            }

            LivePids.Remove(record.Process.Pid);
            foreach (var listen in new[] { record.SocksListen, record.HttpListen }.OfType<string>())
            {
                BusyPorts.Remove(System.Net.IPEndPoint.Parse(listen).Port);
            }

            return Task.CompletedTask;
        }
    }

    public ProxyConnectionCounts? ReadProxyConnections(ProxyRecord record)
    {
        lock (_gate)
        {
            return ProxyConnections.TryGetValue(record.Process.Pid, out var counts)
                ? new ProxyConnectionCounts(record.Process, LivePids.Contains(record.Process.Pid) ? counts.Active : 0, counts.Total)
                : null;
        }
    }

    public Task<PortForwardRecord> StartPortForwardAsync(DesiredPortForward keeper, TunnelRecord tunnel, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"start keeper {keeper.Tunnel}");
            var pid = _nextPid++;
            LivePids.Add(pid);
            return Task.FromResult(new PortForwardRecord(keeper.Tunnel, keeper.SpecHash, new ProcessRef(pid, 1), $"/run/fake/{keeper.Tunnel}.json", Clock.GetUtcNow()));
        }
    }

    public Task StopPortForwardAsync(PortForwardRecord record, bool releaseMapping, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"stop keeper {record.Name}");
            if (releaseMapping)
            {
                ReleasedMappings.Add(record.Name);
            }

            LivePids.Remove(record.Process.Pid);
            PortStates.Remove(record.Name);
            return Task.CompletedTask;
        }
    }

    public ForwardedPortState? ReadPortForward(PortForwardRecord record)
    {
        lock (_gate)
        {
            return PortStates.GetValueOrDefault(record.Name);
        }
    }

    private bool Answers(string? endpoint) => endpoint is not null && !DeadEndpoints.Contains(endpoint);

    private DateTimeOffset? HandshakeWith(string? endpoint) => Answers(endpoint) ? Clock.GetUtcNow() : null;
}
