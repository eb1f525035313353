using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunmux.Api.Schema.Crd;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>
/// A Kubernetes API server for exactly the calls tunmux's agent makes (and kubectl's `get`), speaking
/// the real wire protocol over HTTP on loopback: discovery; list and watch of Tunnels and Proxies with
/// resourceVersions, bookmarks, replay after a reconnect and 410 Gone for a compacted version; merge
/// patch and server-side apply on /status with managed fields per field manager; Events; Leases;
/// Nodes. Tests drive the cluster side (create, edit, delete objects; cut or expire watches) and
/// read back what the agent wrote. Every request is recorded as RBAC sees it.
/// </summary>
public sealed partial class FakeApiServer : IAsyncDisposable
{
    private const string ApplyPatch = "application/apply-patch+yaml";
    private const string MergePatch = "application/merge-patch+json";

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, StoredObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WatchEvent>> _history = new(StringComparer.Ordinal);
    private readonly List<Watcher> _watchers = [];
    private readonly Dictionary<string, Dictionary<string, string>> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Name), JsonObject> _leases = [];
    private readonly List<JsonObject> _events = [];
    private readonly ConcurrentDictionary<string, long> _lastWatchVersion = new(StringComparer.Ordinal);
    private readonly Task _accepting;
    private long _version = 1000;
    private long _compactedBelow;

    private FakeApiServer(int port)
    {
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        foreach (var kind in CustomResourceKind.All)
        {
            _objects[kind.Plural] = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
            _history[kind.Plural] = [];
        }

        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Every API call (discovery excluded), in arrival order.</summary>
    public ConcurrentQueue<ApiRequest> Requests { get; } = new();

    /// <summary>Watch requests per resource, resumed or fresh.</summary>
    public ConcurrentDictionary<string, int> WatchRequests { get; } = new(StringComparer.Ordinal);

    public static FakeApiServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            try
            {
                return new FakeApiServer(port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // someone took the port between probing and listening: try another
            }
        }
    }

    /// <summary>A kubeconfig file for this server (plain HTTP, a bearer token the fake does not check).</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {{Address.ToString().TrimEnd('/')}}
            users:
            - name: fake
              user:
                token: fake-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            """);
        return path;
    }

    public void SetNode(string name, IReadOnlyDictionary<string, string> labels)
    {
        lock (_gate)
        {
            _nodes[name] = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        }
    }

    public JsonObject Create(CustomResourceKind kind, string name, JsonObject spec)
    {
        lock (_gate)
        {
            var version = ++_version;
            var body = new JsonObject
            {
                ["apiVersion"] = ApiVersion,
                ["kind"] = kind.Kind,
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["uid"] = Guid.NewGuid().ToString(),
                    ["generation"] = 1L,
                    ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture),
                    ["creationTimestamp"] = Timestamp(DateTimeOffset.UtcNow),
                },
                ["spec"] = spec.DeepClone(),
            };
            var stored = new StoredObject(body);
            _objects[kind.Plural][name] = stored;
            Emit(kind.Plural, version, "ADDED", stored);
            return stored.Render(ApiVersion);
        }
    }

    /// <summary>A spec edit: the generation goes up.</summary>
    public void UpdateSpec(CustomResourceKind kind, string name, JsonObject spec)
    {
        lock (_gate)
        {
            var stored = _objects[kind.Plural][name];
            stored.Body["spec"] = spec.DeepClone();
            stored.Metadata["generation"] = stored.Metadata["generation"]!.GetValue<long>() + 1;
            Changed(kind.Plural, stored);
        }
    }

    /// <summary>A metadata-only edit (an annotation): a new resourceVersion, the same generation.</summary>
    public void Annotate(CustomResourceKind kind, string name, string key, string value)
    {
        lock (_gate)
        {
            var stored = _objects[kind.Plural][name];
            var annotations = stored.Metadata["annotations"] as JsonObject ?? new JsonObject();
            annotations[key] = value;
            stored.Metadata["annotations"] = annotations;
            Changed(kind.Plural, stored);
        }
    }

    public void Delete(CustomResourceKind kind, string name)
    {
        lock (_gate)
        {
            var stored = _objects[kind.Plural][name];
            _objects[kind.Plural].Remove(name);
            var version = ++_version;
            stored.Metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            Emit(kind.Plural, version, "DELETED", stored);
        }
    }

    public JsonObject? Get(CustomResourceKind kind, string name)
    {
        lock (_gate)
        {
            return _objects[kind.Plural].GetValueOrDefault(name)?.Render(ApiVersion);
        }
    }

    /// <summary>
    /// Compacts the history, as etcd does: every open watch ends with an ERROR event carrying a
    /// 410 Gone Status, and a watch from any version seen so far is refused the same way.
    /// </summary>
    public void ExpireResourceVersions()
    {
        lock (_gate)
        {
            _compactedBelow = _version + 1;
            var gone = GoneLine();
            foreach (var watcher in _watchers)
            {
                watcher.Lines.Writer.TryWrite(gone);
                watcher.Lines.Writer.TryComplete();
            }
        }
    }

    /// <summary>Cuts every open watch connection without a clean end.</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.ToList())
            {
                watcher.Drop();
            }
        }
    }

    /// <summary>Sends a BOOKMARK with the current resourceVersion to every watch that allows them; returns that version.</summary>
    public string SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(w => w.Bookmarks))
            {
                var bookmark = new JsonObject
                {
                    ["apiVersion"] = ApiVersion,
                    ["kind"] = CustomResourceKind.All.Single(k => k.Plural == watcher.Plural).Kind,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture) },
                };
                watcher.Lines.Writer.TryWrite(new WatchEvent(_version, "BOOKMARK", bookmark).Line());
            }

            return _version.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The resourceVersion the latest watch of a resource asked to start from.</summary>
    public long? LastWatchVersion(string plural) => _lastWatchVersion.TryGetValue(plural, out var version) ? version : null;

    public int OpenWatches(string plural)
    {
        lock (_gate)
        {
            return _watchers.Count(w => w.Plural == plural);
        }
    }

    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events.Select(e => e.DeepClone().AsObject())];
            }
        }
    }

    public JsonObject? Lease(string ns, string name)
    {
        lock (_gate)
        {
            return _leases.GetValueOrDefault((ns, name))?.DeepClone().AsObject();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        DropWatches();
        _listener.Close();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static string ApiVersion => $"{CustomResourceKind.Group}/{CustomResourceKind.Version}";

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Changed(string plural, StoredObject stored)
    {
        var version = ++_version;
        stored.Metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        Emit(plural, version, "MODIFIED", stored);
    }

    private void Emit(string plural, long version, string type, StoredObject stored)
    {
        var change = new WatchEvent(version, type, stored.Render(ApiVersion));
        _history[plural].Add(change);
        foreach (var watcher in _watchers.Where(w => w.Plural == plural))
        {
            watcher.Lines.Writer.TryWrite(change.Line());
        }
    }

    private static string GoneLine() => new JsonObject
    {
        ["type"] = "ERROR",
        ["object"] = StatusBody(HttpStatusCode.Gone, "Expired", "too old resource version"),
    }.ToJsonString() + "\n";

    private static JsonObject StatusBody(HttpStatusCode code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            await RouteAsync(context.Request, context.Response);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the client went away
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException)
        {
            await TryWriteAsync(context.Response, HttpStatusCode.BadRequest, StatusBody(HttpStatusCode.BadRequest, "BadRequest", e.Message));
        }
    }

    private static async Task TryWriteAsync(HttpListenerResponse response, HttpStatusCode code, JsonObject body)
    {
        try
        {
            await WriteAsync(response, code, body);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode code, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = (int)code;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static Task NotFoundAsync(HttpListenerResponse response, string what) =>
        WriteAsync(response, HttpStatusCode.NotFound, StatusBody(HttpStatusCode.NotFound, "NotFound", $"{what} not found"));
}
