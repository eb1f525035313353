using System.Text.Json;

namespace Tunmux.Linux.Observation;

/// <summary>State of one link, from <c>ip -j link show IF</c>.</summary>
public sealed record LinkState(string Name, bool AdminUp, string? OperState, int? Mtu);

/// <summary>Pure parsers for iproute2's JSON output (<c>ip -j</c>).</summary>
public static class IpJson
{
    /// <summary>The named link, or null when the output does not list it (or is not ip's JSON).</summary>
    public static LinkState? ParseLink(string json, string iface)
    {
        foreach (var link in Elements(json))
        {
            if (Text(link, "ifname") != iface)
            {
                continue;
            }

            var flags = link.TryGetProperty("flags", out var flagArray) && flagArray.ValueKind == JsonValueKind.Array
                ? flagArray.EnumerateArray().Select(flag => flag.GetString()).ToList()
                : [];
            int? mtu = link.TryGetProperty("mtu", out var mtuValue) && mtuValue.TryGetInt32(out var parsed) ? parsed : null;
            return new LinkState(iface, flags.Contains("UP"), Text(link, "operstate"), mtu);
        }

        return null;
    }

    /// <summary>True when <c>ip -j route show default</c> lists an ordinary default route through the interface.</summary>
    public static bool HasDefaultRouteVia(string json, string iface) =>
        Elements(json).Any(route =>
            Text(route, "dst") == "default"
            && Text(route, "dev") == iface
            && Text(route, "type") is null or "unicast");

    private static List<JsonElement> Elements(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Select(element => element.Clone()).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
