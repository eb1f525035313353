using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Tunmux.Api.Schema.Crd;
using Tunmux.Kubernetes.Objects;

namespace Tunmux.Kubernetes.Watching;

/// <summary>
/// Keeps one kind's <see cref="ObjectCache"/> current: list, then watch from the list's
/// resourceVersion with bookmarks, resume each ended watch from the last version seen, list again
/// when the server says that version is gone (410), and reconnect after errors with backoff and jitter.
/// </summary>
/// <remarks>
/// KubernetesClient reports a watch ERROR event (a Status object, 410 Gone among them) by passing a
/// <see cref="KubernetesException"/> to onError while the stream goes on; the watcher turns that into
/// the end of this watch and a fresh list.
/// </remarks>
public sealed partial class ResourceWatcher(
    IKubernetes client,
    CustomResourceKind kind,
    ObjectCache cache,
    AgentOptions options,
    Action changed,
    ILogger logger)
{
    private readonly Backoff _backoff = new(options.BackoffInitial, options.BackoffMax);
    private string? _resourceVersion;
    private int _lists;

    /// <summary>Set once the first full list is in the cache.</summary>
    public bool Listed { get; private set; }

    /// <summary>The version the next watch resumes from; null when a list is due.</summary>
    internal string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>Full lists made so far: the first one plus one per 410 or failed resume.</summary>
    public int Lists => _lists;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_resourceVersion is null)
                {
                    await ListAsync(stoppingToken).ConfigureAwait(false);
                }

                await WatchAsync(stoppingToken).ConfigureAwait(false);
                _backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ResourceVersionGoneException)
            {
                LogGone(logger, kind.Plural, _resourceVersion);
                _resourceVersion = null;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                LogGone(logger, kind.Plural, _resourceVersion);
                _resourceVersion = null;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException or IOException or KubernetesException or JsonException or TaskCanceledException)
            {
                var delay = _backoff.Next();
                LogReconnect(logger, kind.Plural, e.Message, delay.TotalSeconds);
                if (!await DelayAsync(delay, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    /// <summary>False when the agent is stopping.</summary>
    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ListAsync(CancellationToken stoppingToken)
    {
        var response = await client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonElement>(
            CustomResourceKind.Group, CustomResourceKind.Version, kind.Plural, cancellationToken: stoppingToken).ConfigureAwait(false);
        var list = response.Body;
        var items = list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(i => ClusterObjectReader.Read(kind.Kind, i, options.SecretsDirectory)).ToList()
            : [];
        _resourceVersion = list.GetProperty("metadata").GetProperty("resourceVersion").GetString() ?? "";
        Interlocked.Increment(ref _lists);
        var differs = cache.Replace(items);
        var first = !Listed;
        Listed = true;
        LogListed(logger, kind.Plural, items.Count, _resourceVersion);
        if (differs || first)
        {
            changed();
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        using var watchEnded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Exception? failure = null;
        void OnError(Exception e)
        {
            failure ??= e;
            watchEnded.Cancel();
        }

        var events = client.CustomObjects.WatchListClusterCustomObjectAsync(
            CustomResourceKind.Group,
            CustomResourceKind.Version,
            kind.Plural,
            allowWatchBookmarks: true,
            resourceVersion: _resourceVersion,
            timeoutSeconds: (int)options.WatchTimeout.TotalSeconds,
            onError: OnError,
            cancellationToken: watchEnded.Token);
        try
        {
            await foreach (var (type, item) in events.ConfigureAwait(false))
            {
                Apply(type, item is JsonElement element ? element : JsonSerializer.SerializeToElement(item));
            }
        }
        catch (OperationCanceledException) when (failure is not null && !stoppingToken.IsCancellationRequested)
        {
        }

        switch (failure)
        {
            case KubernetesException { Status.Code: (int)HttpStatusCode.Gone }:
                throw new ResourceVersionGoneException();
            case null:
                return; // the server ended the watch (its timeout): resume from the last version
            default:
                throw failure;
        }
    }

    private void Apply(WatchEventType type, JsonElement item)
    {
        if (item.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var version))
        {
            _resourceVersion = version.GetString() ?? _resourceVersion;
        }

        var differs = type switch
        {
            WatchEventType.Added or WatchEventType.Modified => cache.Upsert(ClusterObjectReader.Read(kind.Kind, item, options.SecretsDirectory)),
            WatchEventType.Deleted => cache.Remove(metadata.GetProperty("name").GetString() ?? ""),
            _ => false, // BOOKMARK: only the resourceVersion moves
        };
        if (differs)
        {
            LogChanged(logger, kind.Plural, type.ToString(), metadata.GetProperty("name").GetString(), _resourceVersion);
            changed();
        }
    }

    private sealed class ResourceVersionGoneException : Exception;

    [LoggerMessage(9201, LogLevel.Information, "kubernetes: listed {Plural}: {Count} at resourceVersion {Version}")]
    private static partial void LogListed(ILogger logger, string plural, int count, string? version);

    [LoggerMessage(9202, LogLevel.Information, "kubernetes: resourceVersion {Version} of {Plural} is gone (410); listing again")]
    private static partial void LogGone(ILogger logger, string plural, string? version);

    [LoggerMessage(9203, LogLevel.Warning, "kubernetes: watching {Plural} failed: {Error}; reconnecting in {Seconds:0.#} s")]
    private static partial void LogReconnect(ILogger logger, string plural, string error, double seconds);

    [LoggerMessage(9204, LogLevel.Debug, "kubernetes: {Plural} {Type} {Name} at resourceVersion {Version}")]
    private static partial void LogChanged(ILogger logger, string plural, string type, string? name, string? version);
}
