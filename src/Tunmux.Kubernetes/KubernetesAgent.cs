using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Tunmux.Api.Schema.Crd;
using Tunmux.Kubernetes.Objects;
using Tunmux.Kubernetes.Status;
using Tunmux.Kubernetes.Watching;
using Tunmux.Runtime.Status;

namespace Tunmux.Kubernetes;

/// <summary>
/// Everything the agent does against the API server on one node: the two watches feeding
/// <see cref="Source"/>, the node's labels, the Lease, and this node's status entries and Events,
/// derived from the reconciler's live status.
/// </summary>
public sealed partial class KubernetesAgent
{
    private readonly IKubernetes _client;
    private readonly AgentOptions _options;
    private readonly ILogger _logger;
    private readonly ResourceWatcher _tunnelWatcher;
    private readonly ResourceWatcher _proxyWatcher;
    private readonly TimeProvider _time;

    public KubernetesAgent(IKubernetes client, AgentOptions options, ILogger logger, TimeProvider? time = null, KubernetesSource? source = null)
    {
        Source = source ?? new KubernetesSource();
        _client = client;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Publisher = new StatusPublisher(client, options);
        Events = new EventRecorder(client, options, _time);
        Lease = new NodeLease(client, options, _time);
        _tunnelWatcher = new ResourceWatcher(client, CustomResourceKind.Tunnel, Source.Tunnels, options, () => Listed(CustomResourceKind.Tunnel), logger);
        _proxyWatcher = new ResourceWatcher(client, CustomResourceKind.Proxy, Source.Proxies, options, () => Listed(CustomResourceKind.Proxy), logger);
    }

    public KubernetesSource Source { get; }

    public StatusPublisher Publisher { get; }

    public EventRecorder Events { get; }

    public NodeLease Lease { get; }

    /// <summary>Full lists made by both watches (the first two, then one per 410).</summary>
    public int Lists => _tunnelWatcher.Lists + _proxyWatcher.Lists;

    internal string? ResourceVersionOf(CustomResourceKind kind) =>
        (kind == CustomResourceKind.Tunnel ? _tunnelWatcher : _proxyWatcher).ResourceVersion;

    /// <summary>Runs until stopped. <paramref name="liveStatus"/> is the reconciler's current picture.</summary>
    public async Task RunAsync(Func<LiveStatus> liveStatus, CancellationToken stoppingToken)
    {
        var tasks = new[]
        {
            _tunnelWatcher.RunAsync(stoppingToken),
            _proxyWatcher.RunAsync(stoppingToken),
            EveryAsync(_options.NodeLabelsInterval, ReadNodeLabelsAsync, stoppingToken),
            EveryAsync(_options.LeaseDuration / 3, Lease.RenewAsync, stoppingToken),
            EveryAsync(_options.StatusInterval, ct => PublishStatusAsync(liveStatus(), ct), stoppingToken),
        };
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Brings every object's entry for this node up to date; writes and records only what changed.</summary>
    public async Task PublishStatusAsync(LiveStatus live, CancellationToken cancellationToken)
    {
        if (!Source.Ready)
        {
            return;
        }

        foreach (var kind in CustomResourceKind.All)
        {
            var statuses = kind == CustomResourceKind.Tunnel ? live.Tunnels : live.Proxies;
            foreach (var item in Source.CacheOf(kind).Objects)
            {
                var entry = Source.IsForThisNode(item) ? NodeStatusMapper.For(_options.NodeName, item, statuses.GetValueOrDefault(item.Name)) : null;
                var before = Publisher.LastWritten(kind, item.Name);
                if (before is null && entry is null)
                {
                    continue;
                }

                try
                {
                    if (await Publisher.PublishAsync(kind, item.Name, entry, cancellationToken).ConfigureAwait(false)
                        && entry is not null
                        && TransitionEvents.Between(before, entry) is { } transition)
                    {
                        await Events.RecordAsync(kind, item.Name, item.Uid, transition, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    Publisher.Forget(kind, item.Name); // deleted meanwhile: the watch removes it next
                }
            }
        }
    }

    private void Listed(CustomResourceKind kind)
    {
        if (kind == CustomResourceKind.Tunnel)
        {
            Source.TunnelsListed = _tunnelWatcher.Listed;
        }
        else
        {
            Source.ProxiesListed = _proxyWatcher.Listed;
        }

        Source.RaiseChanged();
    }

    private async Task ReadNodeLabelsAsync(CancellationToken cancellationToken)
    {
        var node = await _client.CoreV1.ReadNodeAsync(_options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        Source.SetNodeLabels(node.Metadata?.Labels is { } labels
            ? new Dictionary<string, string>(labels, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>Runs a step now and then every interval; a failed step is logged and tried again at the next tick.</summary>
    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> step, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        do
        {
            try
            {
                await step(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException or IOException or TaskCanceledException)
            {
                LogStepFailed(_logger, e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(9210, LogLevel.Warning, "kubernetes: {Error}; trying again at the next tick")]
    private static partial void LogStepFailed(ILogger logger, string error);
}
