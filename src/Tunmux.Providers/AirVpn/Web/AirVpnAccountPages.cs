using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn.Web;

/// <summary>
/// The AJAX actions of airvpn.org's account pages, typed: /devices/ (WireGuard keys),
/// /apisettings/ (REST API keys), /ports/ (forwarded ports) and /sessions/.
/// </summary>
public sealed partial class AirVpnAccountPages(AirVpnWebClient web)
{
    public const string DevicesPage = "/devices/";
    public const string ApiKeysPage = "/apisettings/";
    public const string PortsPage = "/ports/";
    public const string SessionsPage = "/sessions/";

    public async Task<IReadOnlyList<AirVpnWebDevice>> DevicesAsync(CancellationToken cancellationToken)
    {
        var reply = await web.AjaxAsync(DevicesPage, [Action("manifest")], cancellationToken).ConfigureAwait(false);
        return [.. Items(reply, "keys").Select(k => new AirVpnWebDevice(Text(k, "id"), Text(k, "name"), Text(k, "wg_public_key"), Text(k, "wg_ipv4"), Text(k, "wg_ipv6")))];
    }

    /// <summary>Adds a device (the site names it "New device") and gives it <paramref name="name"/>.</summary>
    public async Task<AirVpnWebDevice> AddDeviceAsync(string? name, CancellationToken cancellationToken)
    {
        var before = (await DevicesAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        await web.AjaxAsync(DevicesPage, [Action("add")], cancellationToken).ConfigureAwait(false);
        var added = (await DevicesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => !before.Contains(d.Id))
            ?? throw new AirVpnWebException("airvpn.org did not show the new device");
        if (name is null)
        {
            return added;
        }

        await web.AjaxAsync(DevicesPage, [Action("edit_name"), Pair("id", added.Id), Pair("value", name)], cancellationToken).ConfigureAwait(false);
        return added with { Name = name };
    }

    public async Task RenameDeviceAsync(string name, string newName, CancellationToken cancellationToken)
    {
        var device = await FindDeviceAsync(name, cancellationToken).ConfigureAwait(false);
        await web.AjaxAsync(DevicesPage, [Action("edit_name"), Pair("id", device.Id), Pair("value", newName)], cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteDeviceAsync(string name, CancellationToken cancellationToken)
    {
        var device = await FindDeviceAsync(name, cancellationToken).ConfigureAwait(false);
        await web.AjaxAsync(DevicesPage, [Action("delete"), Pair("id", device.Id)], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AirVpnApiKey>> ApiKeysAsync(CancellationToken cancellationToken)
    {
        var reply = await web.AjaxAsync(ApiKeysPage, [Action("manifest")], cancellationToken).ConfigureAwait(false);
        return
        [
            .. Items(reply, "keys").Select(k => new AirVpnApiKey(
                Text(k, "id"),
                Text(k, "name"),
                new Secret(Text(k, "secret")),
                Text(k, "secret_short"),
                Number(k, "creation_date") is > 0 and var created ? DateTimeOffset.FromUnixTimeSeconds(created) : null)),
        ];
    }

    public async Task<AirVpnApiKey> AddApiKeyAsync(string? name, CancellationToken cancellationToken)
    {
        var before = (await ApiKeysAsync(cancellationToken).ConfigureAwait(false)).Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        await web.AjaxAsync(ApiKeysPage, [Action("add")], cancellationToken).ConfigureAwait(false);
        var added = (await ApiKeysAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => !before.Contains(k.Id))
            ?? throw new AirVpnWebException("airvpn.org did not show the new API key");
        if (name is null)
        {
            return added;
        }

        await web.AjaxAsync(ApiKeysPage, [Action("edit_name"), Pair("id", added.Id), Pair("value", name)], cancellationToken).ConfigureAwait(false);
        return added with { Name = name };
    }

    public async Task RenameApiKeyAsync(string name, string newName, CancellationToken cancellationToken)
    {
        var key = Find(await ApiKeysAsync(cancellationToken).ConfigureAwait(false), k => k.Name, name, "API key");
        await web.AjaxAsync(ApiKeysPage, [Action("edit_name"), Pair("id", key.Id), Pair("value", newName)], cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteApiKeyAsync(string name, CancellationToken cancellationToken)
    {
        var key = Find(await ApiKeysAsync(cancellationToken).ConfigureAwait(false), k => k.Name, name, "API key");
        await web.AjaxAsync(ApiKeysPage, [Action("delete"), Pair("id", key.Id)], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AirVpnForwardedPort>> PortsAsync(CancellationToken cancellationToken)
    {
        var reply = await web.AjaxAsync(PortsPage, [Action("manifest")], cancellationToken).ConfigureAwait(false);
        var devices = Items(reply, "keys").ToDictionary(k => Text(k, "id"), k => Text(k, "name"), StringComparer.Ordinal);
        return
        [
            .. Items(reply, "ports").Select(p => new AirVpnForwardedPort(
                (int)Number(p, "port"),
                (int)Number(p, "pool"),
                Text(p, "protocol"),
                (int)Number(p, "local"),
                p.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True,
                Text(p, "device") is { Length: > 0 } device && device != "all" ? devices.GetValueOrDefault(device, device) : "All",
                Text(p, "dns"))),
        ];
    }

    /// <summary>Forwards <paramref name="port"/> (0 asks AirVPN to pick one); returns the port given.</summary>
    public async Task<int> AddPortAsync(int port, CancellationToken cancellationToken)
    {
        var reply = await web.AjaxAsync(PortsPage, [Action("insert"), Pair("port", Invariant(port)), Pair("pool", "0")], cancellationToken).ConfigureAwait(false);
        return Number(reply, "port") is > 0 and var given ? (int)given : port;
    }

    public async Task SetPortProtocolAsync(int port, string protocol, CancellationToken cancellationToken)
    {
        var value = protocol.ToLowerInvariant() switch
        {
            "tcp" => "tcp",
            "udp" => "udp",
            "both" or "tcp+udp" or "tcp_udp" => "tcp_udp",
            _ => throw new AirVpnWebException($"unknown protocol \"{protocol}\": use tcp, udp or both"),
        };
        await EditPortAsync(port, "edit_protocol", value, cancellationToken).ConfigureAwait(false);
    }

    public Task SetPortLocalAsync(int port, int localPort, CancellationToken cancellationToken) =>
        EditPortAsync(port, "edit_localport", Invariant(localPort), cancellationToken);

    /// <summary>The DDNS name is the part before .airdns.org; a full name is cut down to it.</summary>
    public Task SetPortDdnsAsync(int port, string name, CancellationToken cancellationToken) =>
        EditPortAsync(port, "edit_ddns", DdnsPrefix(name), cancellationToken);

    public async Task RemovePortAsync(int port, CancellationToken cancellationToken)
    {
        var pool = await PoolOfAsync(port, cancellationToken).ConfigureAwait(false);
        await web.AjaxAsync(PortsPage, [Action("delete"), Pair("port", Invariant(port)), Pair("pool", Invariant(pool))], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AirVpnPortSession>> PortSessionsAsync(int port, CancellationToken cancellationToken)
    {
        var pool = await PoolOfAsync(port, cancellationToken).ConfigureAwait(false);
        var reply = await web.AjaxAsync(PortsPage, [Action("sessions"), Pair("port", Invariant(port)), Pair("pool", Invariant(pool))], cancellationToken).ConfigureAwait(false);
        return
        [
            .. Items(reply, "items").Select(s => new AirVpnPortSession(
                (int)Number(s, "pool"), Text(s, "protocol"), Text(s, "iplayer"), Text(s, "server_name"), Text(s, "server_country"),
                Text(s, "server_ip"), Text(s, "client_ip"), Text(s, "device_name"))),
        ];
    }

    /// <summary>Asks AirVPN to test the port from one server; returns the site's verdict.</summary>
    public async Task<string> TestPortAsync(AirVpnPortSession session, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var reply = await web.AjaxAsync(
            PortsPage,
            [Action("test"), Pair("ip", session.ServerIp), Pair("port", Invariant(port)), Pair("pool", Invariant(session.Pool)), Pair("protocol", session.Protocol)],
            cancellationToken).ConfigureAwait(false);
        return StripTags(Text(reply, "message"));
    }

    public async Task<(IReadOnlyList<AirVpnVpnSession> Sessions, string Message)> VpnSessionsAsync(CancellationToken cancellationToken)
    {
        var reply = await web.AjaxAsync(SessionsPage, [Action("manifest")], cancellationToken).ConfigureAwait(false);
        var sessions = Items(reply, "sessions").Select(s => new AirVpnVpnSession(
            Text(s, "device_name"),
            ServerName(Text(s, "server_html")),
            Number(s, "connected_since") is > 0 and var since ? DateTimeOffset.FromUnixTimeSeconds(since) : null,
            Number(s, "bytes_read"),
            Number(s, "bytes_write"),
            Text(s, "exit_ipv4"),
            Text(s, "vpn_ipv4"))).ToList();
        return (sessions, StripTags(Text(reply, "message")));
    }

    public static string DdnsPrefix(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        return trimmed.EndsWith(".airdns.org", StringComparison.OrdinalIgnoreCase) ? trimmed[..^".airdns.org".Length].TrimEnd('.') : trimmed;
    }

    private async Task EditPortAsync(int port, string action, string value, CancellationToken cancellationToken)
    {
        var pool = await PoolOfAsync(port, cancellationToken).ConfigureAwait(false);
        await web.AjaxAsync(PortsPage, [Action(action), Pair("port", Invariant(port)), Pair("pool", Invariant(pool)), Pair("value", value)], cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> PoolOfAsync(int port, CancellationToken cancellationToken)
    {
        var ports = await PortsAsync(cancellationToken).ConfigureAwait(false);
        return ports.FirstOrDefault(p => p.Port == port)?.Pool
            ?? throw new AirVpnWebException($"port {port} is not forwarded; forwarded: {(ports.Count == 0 ? "none" : string.Join(", ", ports.Select(p => p.Port)))}");
    }

    private async Task<AirVpnWebDevice> FindDeviceAsync(string name, CancellationToken cancellationToken) =>
        Find(await DevicesAsync(cancellationToken).ConfigureAwait(false), d => d.Name, name, "device");

    private static T Find<T>(IReadOnlyList<T> items, Func<T, string> nameOf, string name, string what) =>
        items.FirstOrDefault(i => string.Equals(nameOf(i), name, StringComparison.OrdinalIgnoreCase))
            ?? throw new AirVpnWebException($"no {what} \"{name}\"; {what}s: {(items.Count == 0 ? "none" : string.Join(", ", items.Select(i => $"\"{nameOf(i)}\"")))}");

    private static IEnumerable<JsonElement> Items(JsonElement reply, string property) =>
        reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];

    private static string Text(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Number => value.GetRawText(),
                _ => "",
            }
            : "";

    private static long Number(JsonElement item, string property) =>
        long.TryParse(Text(item, property), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static KeyValuePair<string, string> Action(string action) => Pair("action", action);

    private static KeyValuePair<string, string> Pair(string name, string value) => KeyValuePair.Create(name, value);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ServerName(string html) => StripTags(ServerNameLink().Match(html) is { Success: true } match ? match.Groups[1].Value : html).Trim();

    private static string StripTags(string html) => System.Net.WebUtility.HtmlDecode(Tag().Replace(html, "")).Trim();

    [GeneratedRegex("""air_card_server_info_name2[^>]*>\s*<a[^>]*>(.*?)</a>""", RegexOptions.Singleline)]
    private static partial Regex ServerNameLink();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
