using System.Text.Json.Nodes;

namespace Tunmux.Kubernetes.Tests.Fake;

/// <summary>A change as a watch reports it; <paramref name="Version"/> is the resourceVersion it made.</summary>
internal sealed record WatchEvent(long Version, string Type, JsonObject Object)
{
    public string Line() => new JsonObject { ["type"] = Type, ["object"] = Object.DeepClone() }.ToJsonString() + "\n";
}
