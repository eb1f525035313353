using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tunmux.Testing.TestServers.AirVpn;

/// <summary>
/// airvpn.org as the client sees it: a login form with csrfKey, a session cookie, account pages
/// carrying their ecsrf token in #eui_data, AJAX actions checked against that token, an
/// optional entry gate (cookie af3), and the REST config generator behind an api-key header.
/// </summary>
public sealed partial class AirVpnTestServer
{
    private const string SessionCookie = "ips4_login_key";
    private static readonly string[] Pages = ["/devices/", "/apisettings/", "/ports/", "/sessions/"];

    private readonly Dictionary<string, string> _webSessions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Session, string Page), string> _csrf = [];
    private readonly HashSet<string> _loginKeys = new(StringComparer.Ordinal);

    /// <summary>Send visitors without the right af3 cookie through /entry/ first.</summary>
    public bool EntryGate { get; set; }

    public const string GateId = "k9Zq2";

    public int WebLogins { get; private set; }

    /// <summary>Connections listed by the sessions page and by each port's sessions.</summary>
    public List<(string Device, string Server, string ServerIp)> VpnSessions { get; } = [];

    public void ExpireWebSessions()
    {
        lock (_webSessions)
        {
            _webSessions.Clear();
        }
    }

    public void ExpireCsrfTokens()
    {
        lock (_webSessions)
        {
            _csrf.Clear();
        }
    }

    private TestHttpResponse Web(TestHttpRequest request)
    {
        lock (_webSessions)
        {
            if (request.Path == "/api/generator/")
            {
                return Generator(request);
            }

            if (EntryGate && !request.Path.StartsWith("/entry", StringComparison.Ordinal)
                && request.Cookies().GetValueOrDefault("af3") != Providers.AirVpn.Web.AirVpnEntryGate.Af3(GateId).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return TestHttpResponse.Redirect($"/entry/?aek_id={GateId}&aek_url={Uri.EscapeDataString(request.Path)}");
            }

            return (request.Method, request.Path) switch
            {
                ("GET", "/login/") => LoginForm(""),
                ("POST", "/login/") => Login(request),
                ("GET", "/") => TestHttpResponse.Text(200, "<html>home</html>", "text/html"),
                ("GET", var page) when Pages.Contains(page) => Page(request, page),
                ("POST", var page) when Pages.Contains(page) => Ajax(request, page),
                _ => TestHttpResponse.Text(404, "not found"),
            };
        }
    }

    private TestHttpResponse LoginForm(string error)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _loginKeys.Add(key);
        return TestHttpResponse.Text(200, $"""
            <html><body>{error}
            <form method="post" action="/login/">
              <input type="hidden" name="csrfKey" value="{key}">
              <input value="aHR0cHM6Ly9haXJ2cG4ub3JnLw==" type="hidden" name="ref">
              <input type="text" name="auth"><input type="password" name="password">
            </form></body></html>
            """, "text/html");
    }

    private TestHttpResponse Login(TestHttpRequest request)
    {
        var form = request.Form();
        var known = Accounts.TryGetValue(form.GetValueOrDefault("auth") ?? "", out var account) && account.Password == form.GetValueOrDefault("password");
        if (!_loginKeys.Remove(form.GetValueOrDefault("csrfKey") ?? "") || !known || form.GetValueOrDefault("_processLogin") != "usernamepassword")
        {
            return LoginForm("<p class=\"ipsMessage_error\">The password you entered is incorrect.</p>");
        }

        WebLogins++;
        var session = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _webSessions[session] = account!.Login;
        return TestHttpResponse.Redirect("/", ("Set-Cookie", $"{SessionCookie}={session}; path=/; HttpOnly"));
    }

    private AirVpnTestAccount? Member(TestHttpRequest request) =>
        request.Cookies().TryGetValue(SessionCookie, out var session) && _webSessions.TryGetValue(session, out var login) ? Accounts[login] : null;

    private TestHttpResponse Page(TestHttpRequest request, string page)
    {
        if (Member(request) is null)
        {
            return TestHttpResponse.Redirect($"/login/?ref={Uri.EscapeDataString(page)}");
        }

        var session = request.Cookies()[SessionCookie];
        if (!_csrf.TryGetValue((session, page), out var token))
        {
            token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            _csrf[(session, page)] = token;
        }

        var json = WebUtility.HtmlEncode(new JsonObject { ["ecsrf"] = token, ["member"] = 1 }.ToJsonString());
        return TestHttpResponse.Text(200, $"<html><body><div id=\"other\" data-json=\"{{}}\"></div><div data-json=\"{json}\" id=\"eui_data\"></div></body></html>", "text/html");
    }

    private TestHttpResponse Ajax(TestHttpRequest request, string page)
    {
        if (Member(request) is not { } account)
        {
            return TestHttpResponse.Redirect($"/login/?ref={Uri.EscapeDataString(page)}");
        }

        var form = request.Form();
        var session = request.Cookies()[SessionCookie];
        if (form.GetValueOrDefault("render") != "ajax" || !_csrf.TryGetValue((session, page), out var token) || token != form.GetValueOrDefault("ecsrf"))
        {
            return TestHttpResponse.Json(200, """{"error":"Invalid CSRF Token"}""");
        }

        var reply = page switch
        {
            "/devices/" => Devices(account, form),
            "/apisettings/" => ApiKeys(account, form),
            "/ports/" => Ports(account, form),
            _ => Sessions(),
        };
        return TestHttpResponse.Json(200, reply.ToJsonString());
    }

    private static JsonNode Devices(AirVpnTestAccount account, IReadOnlyDictionary<string, string> form)
    {
        var device = account.Devices.FirstOrDefault(d => d.Id == form.GetValueOrDefault("id"));
        switch (form.GetValueOrDefault("action"))
        {
            case "manifest":
                return new JsonObject
                {
                    ["keys"] = new JsonArray([.. account.Devices.Select(d => (JsonNode)new JsonObject
                    {
                        ["id"] = d.Id, ["name"] = d.Name, ["wg_public_key"] = d.PublicKey, ["wg_ipv4"] = d.Ipv4, ["wg_ipv6"] = d.Ipv6,
                    })]),
                };
            case "add":
                account.AddDevice("New device");
                return new JsonArray();
            case "edit_name" when device is not null:
                device.Name = form["value"];
                return new JsonObject { ["result"] = "ok" };
            case "delete" when device is not null:
                account.Devices.Remove(device);
                return new JsonObject();
            default:
                return new JsonObject { ["error"] = "Device not found" };
        }
    }

    private static JsonNode ApiKeys(AirVpnTestAccount account, IReadOnlyDictionary<string, string> form)
    {
        var key = account.ApiKeys.FirstOrDefault(k => k.Id == form.GetValueOrDefault("id"));
        switch (form.GetValueOrDefault("action"))
        {
            case "manifest":
                return new JsonObject
                {
                    ["keys"] = new JsonArray([.. account.ApiKeys.Select(k => (JsonNode)new JsonObject
                    {
                        ["id"] = k.Id, ["name"] = k.Name, ["secret"] = k.Secret, ["secret_short"] = k.Secret[..6] + "...", ["creation_date"] = 1_700_000_000,
                    })]),
                };
            case "add":
                account.AddApiKey("New key");
                return new JsonArray();
            case "edit_name" when key is not null:
                key.Name = form["value"];
                return new JsonObject { ["result"] = "ok" };
            case "delete" when key is not null:
                account.ApiKeys.Remove(key);
                return new JsonObject();
            default:
                return new JsonObject { ["error"] = "API key not found" };
        }
    }

    private JsonNode Ports(AirVpnTestAccount account, IReadOnlyDictionary<string, string> form)
    {
        var number = int.TryParse(form.GetValueOrDefault("port"), out var n) ? n : 0;
        var port = account.Ports.FirstOrDefault(p => p.Port == number);
        var value = form.GetValueOrDefault("value") ?? "";
        switch (form.GetValueOrDefault("action"))
        {
            case "manifest":
                return new JsonObject
                {
                    ["ports"] = new JsonArray([.. account.Ports.Select(p => (JsonNode)new JsonObject
                    {
                        ["port"] = p.Port, ["pool"] = 1, ["protocol"] = p.Protocol, ["local"] = p.Local == 0 ? "" : p.Local.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["enabled"] = true, ["device"] = "all", ["dns"] = p.Ddns,
                    })]),
                    ["keys"] = new JsonArray([.. account.Devices.Select(d => (JsonNode)new JsonObject { ["id"] = d.Id, ["name"] = d.Name })]),
                };
            case "insert" when port is not null:
                return new JsonObject { ["error"] = "Port already forwarded." };
            case "insert":
                var given = number == 0 ? 40000 + account.Ports.Count : number;
                account.Ports.Add(new AirVpnTestPort { Port = given });
                return new JsonObject { ["port"] = given };
            case "edit_protocol" when port is not null && value is "tcp" or "udp" or "tcp_udp":
                port!.Protocol = value;
                return new JsonObject { ["result"] = "ok" };
            case "edit_localport" when port is not null:
                port.Local = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                return new JsonObject { ["result"] = "ok" };
            case "edit_ddns" when port is not null:
                port.Ddns = value;
                return new JsonObject { ["result"] = "ok" };
            case "delete" when port is not null && form.GetValueOrDefault("pool") == "1":
                account.Ports.Remove(port);
                return new JsonObject();
            case "sessions" when port is not null:
                return new JsonObject
                {
                    ["items"] = new JsonArray([.. VpnSessions.Select(s => (JsonNode)new JsonObject
                    {
                        ["pool"] = 1, ["protocol"] = "tcp", ["iplayer"] = "ipv4", ["server_name"] = s.Server, ["server_country"] = "nl",
                        ["server_ip"] = s.ServerIp, ["client_ip"] = "10.128.0.2", ["device_name"] = s.Device, ["local"] = port.Local,
                    })]),
                };
            case "test" when port is not null:
                return new JsonObject { ["message"] = $"<b>Reachable</b> on {form.GetValueOrDefault("ip")}:{port.Port} ({form.GetValueOrDefault("protocol")})" };
            default:
                return new JsonObject { ["error"] = "Port not found." };
        }
    }

    private JsonNode Sessions() => new JsonObject
    {
        ["sessions"] = new JsonArray([.. VpnSessions.Select(s => (JsonNode)new JsonObject
        {
            ["device_name"] = s.Device,
            ["server_html"] = $"<div class=\"air_card_server_info_name2\"><a href=\"/servers/{s.Server}/\">{s.Server}</a></div>",
            ["connected_since"] = 1_700_000_000, ["bytes_read"] = 2048, ["bytes_write"] = 1024, ["exit_ipv4"] = s.ServerIp, ["vpn_ipv4"] = "10.128.0.2",
        })]),
        ["message"] = $"<b>{VpnSessions.Count}</b> active session(s)",
    };

    private TestHttpResponse Generator(TestHttpRequest request)
    {
        var key = request.Header("api-key");
        var account = Accounts.Values.FirstOrDefault(a => a.ApiKeys.Any(k => k.Secret == key));
        if (account is null || request.Header("x-requested-with") != "XMLHttpRequest")
        {
            return TestHttpResponse.Json(401, """{"error":"Invalid API key."}""");
        }

        var form = request.Form();
        var device = account.Devices.FirstOrDefault(d => string.Equals(d.Name, form.GetValueOrDefault("device"), StringComparison.OrdinalIgnoreCase));
        var servers = (form.GetValueOrDefault("servers") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => Servers.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var protocol = form.GetValueOrDefault("protocols") ?? "";
        if (device is null || servers.Count == 0 || servers.Any(s => s is null) || !protocol.StartsWith("wireguard_", StringComparison.Ordinal) && !protocol.StartsWith("openvpn_", StringComparison.Ordinal))
        {
            return TestHttpResponse.Json(200, """{"result":"Invalid servers, device or protocol."}""");
        }

        var configs = servers.Select(s => (Name: $"AirVPN_{s!.Name}_{protocol}.conf", Text: Config(account, device, s, protocol, form))).ToList();
        if (configs.Count == 1)
        {
            return TestHttpResponse.Text(200, configs[0].Text);
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in configs)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return TestHttpResponse.Bytes(200, buffer.ToArray(), "application/zip");
    }

    private static string Config(AirVpnTestAccount account, AirVpnTestDevice device, AirVpnTestServerEntry server, string protocol, IReadOnlyDictionary<string, string> form)
    {
        var port = protocol.Split('_')[^1];
        return protocol.StartsWith("wireguard", StringComparison.Ordinal)
            ? $"""
                [Interface]
                Address = {device.Ipv4}, {device.Ipv6}
                PrivateKey = {device.PrivateKey}
                MTU = {form.GetValueOrDefault("wireguard_mtu")}
                DNS = 10.128.0.1, fd7d:76ee:e68f:a993::1

                [Peer]
                PublicKey = {account.ServerPublicKey}
                PresharedKey = {device.PresharedKey}
                Endpoint = {server.EntryIp}:{port}
                AllowedIPs = 0.0.0.0/0, ::/0
                PersistentKeepalive = {form.GetValueOrDefault("wireguard_persistent_keepalive")}

                """
            : $"client\ndev tun\nremote {server.EntryIp} {port}\nproto {protocol.Split('_')[2]}\n";
    }
}
