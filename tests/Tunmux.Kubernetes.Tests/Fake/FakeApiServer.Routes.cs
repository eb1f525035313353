using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tunmux.Api.Schema.Crd;

namespace Tunmux.Kubernetes.Tests.Fake;

public sealed partial class FakeApiServer
{
    private async Task RouteAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        var path = request.Url!.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = request.HttpMethod;
        switch (path)
        {
            case ["api"]:
                await WriteAsync(response, HttpStatusCode.OK, Discovery.CoreVersions());
                return;
            case ["apis"]:
                await WriteAsync(response, HttpStatusCode.OK, Discovery.Groups());
                return;
            case ["api", "v1"]:
                await WriteAsync(response, HttpStatusCode.OK, Discovery.CoreResources());
                return;
            case ["apis", CustomResourceKind.Group, CustomResourceKind.Version]:
                await WriteAsync(response, HttpStatusCode.OK, Discovery.TunmuxResources());
                return;
            case ["apis", "coordination.k8s.io", "v1"]:
                await WriteAsync(response, HttpStatusCode.OK, Discovery.CoordinationResources());
                return;
            case ["apis", CustomResourceKind.Group, CustomResourceKind.Version, var plural] when method == "GET" && Kind(plural) is { } kind:
                if (IsWatch(request))
                {
                    Record("watch", CustomResourceKind.Group, plural);
                    await WatchAsync(kind, request, response);
                }
                else
                {
                    Record("list", CustomResourceKind.Group, plural);
                    await ListAsync(kind, request, response);
                }

                return;
            case ["apis", CustomResourceKind.Group, CustomResourceKind.Version, var plural, var name] when method == "GET" && Kind(plural) is { } kind:
                Record("get", CustomResourceKind.Group, plural);
                await GetAsync(kind, name, request, response);
                return;
            case ["apis", CustomResourceKind.Group, CustomResourceKind.Version, var plural, var name, "status"] when method == "PATCH" && Kind(plural) is { } kind:
                Record("patch", CustomResourceKind.Group, plural, "status");
                await PatchStatusAsync(kind, name, request, response);
                return;
            case ["api", "v1", "nodes", var name] when method == "GET":
                Record("get", "", "nodes");
                await GetNodeAsync(name, response);
                return;
            case ["api", "v1", "namespaces", var ns, "events"] when method == "POST":
                Record("create", "", "events", ns: ns);
                await CreateEventAsync(ns, request, response);
                return;
            case ["apis", "coordination.k8s.io", "v1", "namespaces", var ns, "leases"] when method == "POST":
                Record("create", "coordination.k8s.io", "leases", ns: ns);
                await WriteLeaseAsync(ns, null, request, response);
                return;
            case ["apis", "coordination.k8s.io", "v1", "namespaces", var ns, "leases", var name] when method is "GET" or "PUT":
                Record(method == "GET" ? "get" : "update", "coordination.k8s.io", "leases", ns: ns);
                if (method == "GET")
                {
                    await GetLeaseAsync(ns, name, response);
                }
                else
                {
                    await WriteLeaseAsync(ns, name, request, response);
                }

                return;
            default:
                Record(method.ToLowerInvariant(), "?", request.Url.AbsolutePath);
                await NotFoundAsync(response, request.Url.AbsolutePath);
                return;
        }
    }

    private void Record(string verb, string group, string resource, string subresource = "", string ns = "") =>
        Requests.Enqueue(new ApiRequest(verb, group, resource, subresource, ns));

    private static CustomResourceKind? Kind(string plural) => CustomResourceKind.All.FirstOrDefault(k => k.Plural == plural);

    private static bool IsWatch(HttpListenerRequest request) => request.QueryString["watch"] is "true" or "1";

    private static bool WantsTable(HttpListenerRequest request) =>
        request.Headers["Accept"]?.Contains("as=Table", StringComparison.Ordinal) == true;

    private async Task ListAsync(CustomResourceKind kind, HttpListenerRequest request, HttpListenerResponse response)
    {
        JsonNode body;
        lock (_gate)
        {
            var items = _objects[kind.Plural].Values.OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => o.Render(ApiVersion)).ToList();
            var version = _version.ToString(CultureInfo.InvariantCulture);
            body = WantsTable(request)
                ? TableRenderer.Render(kind, items, version, DateTimeOffset.UtcNow)
                : new JsonObject
                {
                    ["apiVersion"] = ApiVersion,
                    ["kind"] = $"{kind.Kind}List",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = version },
                    ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
                };
        }

        await WriteAsync(response, HttpStatusCode.OK, body);
    }

    private async Task GetAsync(CustomResourceKind kind, string name, HttpListenerRequest request, HttpListenerResponse response)
    {
        JsonObject? item;
        lock (_gate)
        {
            item = _objects[kind.Plural].GetValueOrDefault(name)?.Render(ApiVersion);
        }

        if (item is null)
        {
            await NotFoundAsync(response, $"{kind.FullName} \"{name}\"");
            return;
        }

        await WriteAsync(response, HttpStatusCode.OK, WantsTable(request) ? TableRenderer.Render(kind, [item], "", DateTimeOffset.UtcNow) : item);
    }

    private async Task WatchAsync(CustomResourceKind kind, HttpListenerRequest request, HttpListenerResponse response)
    {
        WatchRequests.AddOrUpdate(kind.Plural, 1, (_, n) => n + 1);
        if (long.TryParse(request.QueryString["resourceVersion"], CultureInfo.InvariantCulture, out var resumedFrom))
        {
            _lastWatchVersion[kind.Plural] = resumedFrom;
        }

        var bookmarks = request.QueryString["allowWatchBookmarks"] is "true" or "1";
        var watcher = new Watcher(kind.Plural, bookmarks, response);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        if (int.TryParse(request.QueryString["timeoutSeconds"], out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        lock (_gate)
        {
            var from = request.QueryString["resourceVersion"];
            if (string.IsNullOrEmpty(from) || from == "0")
            {
                // No version: the current state as ADDED events, then changes.
                foreach (var stored in _objects[kind.Plural].Values)
                {
                    watcher.Lines.Writer.TryWrite(new WatchEvent(_version, "ADDED", stored.Render(ApiVersion)).Line());
                }
            }
            else if (long.Parse(from, CultureInfo.InvariantCulture) < _compactedBelow)
            {
                watcher.Lines.Writer.TryWrite(GoneLine());
                watcher.Lines.Writer.TryComplete();
            }
            else
            {
                var since = long.Parse(from, CultureInfo.InvariantCulture);
                foreach (var missed in _history[kind.Plural].Where(e => e.Version > since))
                {
                    watcher.Lines.Writer.TryWrite(missed.Line());
                }
            }

            _watchers.Add(watcher);
        }

        try
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.SendChunked = true;
            var output = response.OutputStream;
            await output.FlushAsync(timeout.Token);
            await foreach (var line in watcher.Lines.Reader.ReadAllAsync(timeout.Token))
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes(line!), timeout.Token);
                await output.FlushAsync(timeout.Token);
            }

            response.Close();
        }
        catch (OperationCanceledException)
        {
            response.Close(); // the watch's timeout: a clean end, the client resumes
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private async Task PatchStatusAsync(CustomResourceKind kind, string name, HttpListenerRequest request, HttpListenerResponse response)
    {
        var contentType = (request.ContentType ?? "").Split(';')[0].Trim();
        var manager = request.QueryString["fieldManager"];
        var force = request.QueryString["force"] is "true" or "1";
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var patch = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        if (contentType == ApplyPatch && string.IsNullOrEmpty(manager))
        {
            await WriteAsync(response, HttpStatusCode.BadRequest, StatusBody(HttpStatusCode.BadRequest, "BadRequest", "fieldManager is required for apply requests"));
            return;
        }

        JsonObject result;
        IReadOnlyList<string> conflicts = [];
        lock (_gate)
        {
            if (!_objects[kind.Plural].TryGetValue(name, out var stored))
            {
                result = StatusBody(HttpStatusCode.NotFound, "NotFound", $"{kind.FullName} \"{name}\" not found");
            }
            else
            {
                var before = stored.Body["status"]?.ToJsonString();
                if (contentType == ApplyPatch)
                {
                    conflicts = StatusWrites.Apply(stored, manager!, patch["status"] as JsonObject, force);
                }
                else if (contentType == MergePatch)
                {
                    StatusWrites.MergePatch(stored, manager ?? "unknown", patch["status"] as JsonObject);
                }
                else
                {
                    result = StatusBody(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format: {contentType}");
                    goto done;
                }

                if (conflicts.Count == 0 && before != stored.Body["status"]?.ToJsonString())
                {
                    Changed(kind.Plural, stored);
                }

                result = stored.Render(ApiVersion);
            }

            done:;
        }

        if (conflicts.Count > 0)
        {
            var body = StatusBody(HttpStatusCode.Conflict, "Conflict", $"Apply failed with {conflicts.Count} conflicts");
            body["details"] = new JsonObject
            {
                ["causes"] = new JsonArray(conflicts.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = "FieldManagerConflict",
                    ["message"] = "conflict with another field manager",
                    ["field"] = c.Replace(FieldSet.Separator, '.'),
                }).ToArray()),
            };
            await WriteAsync(response, HttpStatusCode.Conflict, body);
            return;
        }

        await WriteAsync(response, result["kind"]?.GetValue<string>() == "Status" ? (HttpStatusCode)result["code"]!.GetValue<int>() : HttpStatusCode.OK, result);
    }

    private async Task GetNodeAsync(string name, HttpListenerResponse response)
    {
        JsonObject? node;
        lock (_gate)
        {
            node = _nodes.TryGetValue(name, out var labels)
                ? new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Node",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = name,
                        ["labels"] = new JsonObject(labels.Select(l => new KeyValuePair<string, JsonNode?>(l.Key, l.Value))),
                    },
                }
                : null;
        }

        await (node is null ? NotFoundAsync(response, $"nodes \"{name}\"") : WriteAsync(response, HttpStatusCode.OK, node));
    }

    private async Task CreateEventAsync(string ns, HttpListenerRequest request, HttpListenerResponse response)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var item = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        lock (_gate)
        {
            item["metadata"]!["namespace"] = ns;
            item["metadata"]!["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
            _events.Add(item);
        }

        await WriteAsync(response, HttpStatusCode.Created, item);
    }

    private async Task GetLeaseAsync(string ns, string name, HttpListenerResponse response)
    {
        JsonObject? lease;
        lock (_gate)
        {
            lease = _leases.GetValueOrDefault((ns, name))?.DeepClone().AsObject();
        }

        await (lease is null ? NotFoundAsync(response, $"leases.coordination.k8s.io \"{name}\"") : WriteAsync(response, HttpStatusCode.OK, lease));
    }

    private async Task WriteLeaseAsync(string ns, string? name, HttpListenerRequest request, HttpListenerResponse response)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var lease = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var leaseName = name ?? lease["metadata"]!["name"]!.GetValue<string>();
        HttpStatusCode code;
        lock (_gate)
        {
            var exists = _leases.ContainsKey((ns, leaseName));
            code = (name is null, exists) switch
            {
                (true, true) => HttpStatusCode.Conflict,
                (false, false) => HttpStatusCode.NotFound,
                (true, false) => HttpStatusCode.Created,
                _ => HttpStatusCode.OK,
            };
            if (code is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                lease["metadata"]!["namespace"] = ns;
                lease["metadata"]!["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
                _leases[(ns, leaseName)] = lease;
            }
        }

        await WriteAsync(response, code, code is HttpStatusCode.Created or HttpStatusCode.OK ? lease : StatusBody(code, code.ToString(), $"lease {leaseName}"));
    }
}
