using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Tunmux.Testing.TestServers.Mullvad;

public enum MullvadTestFault
{
    None,
    Http500,

    /// <summary>200 with a body that is not JSON.</summary>
    Garbage,
}

/// <summary>
/// Mullvad's API on a loopback port, as mullvad-api uses it: tokens from account numbers,
/// Bearer-authenticated devices (create 201, get, list, replace key, delete 204) with the
/// error codes Mullvad sends, and the WireGuard relay list.
/// </summary>
public sealed class MullvadTestServer : IAsyncDisposable
{
    public const int MaxDevices = 5;

    private static readonly string[] Names = ["witty otter", "brave lynx", "calm heron", "quick hare", "bold crane", "shy seal", "keen wolf"];

    private readonly LoopbackHttpServer _http;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private int _next = 1;

    public MullvadTestServer()
    {
        _http = new LoopbackHttpServer(request => Task.FromResult(Handle(request)));
    }

    public Uri BaseUri => _http.BaseUri;

    /// <summary>Account number to its devices.</summary>
    public Dictionary<string, List<MullvadTestDevice>> Accounts { get; } = new(StringComparer.Ordinal);

    public List<MullvadTestRelay> Relays { get; } = [];

    public MullvadTestFault Fault { get; set; }

    /// <summary>Limits <see cref="Fault"/> to paths starting with this ("app/v1/relays"); null for all.</summary>
    public string? FaultPath { get; set; }

    public IReadOnlyList<TestHttpRequest> Requests => _http.Requests;

    public int TokensIssued { get; private set; }

    public void AddAccount(string number) => Accounts[number] = [];

    /// <summary>Every token issued so far stops working, as when they expire.</summary>
    public void ExpireTokens()
    {
        lock (_tokens)
        {
            _tokens.Clear();
        }
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();

    private TestHttpResponse Handle(TestHttpRequest request)
    {
        var path = request.Path.TrimStart('/');
        if (Fault != MullvadTestFault.None && (FaultPath is null || path.StartsWith(FaultPath, StringComparison.Ordinal)))
        {
            return Fault == MullvadTestFault.Http500 ? TestHttpResponse.Text(500, "upstream error") : TestHttpResponse.Text(200, "<html>not json</html>");
        }

        lock (Accounts)
        {
            if (request.Method == "POST" && path == "auth/v1/token")
            {
                return Token(request);
            }

            if (request.Method == "GET" && path == "app/v1/relays")
            {
                return TestHttpResponse.Json(200, RelayJson());
            }

            if (Authenticated(request) is not { } account)
            {
                return Error(401, "INVALID_ACCESS_TOKEN", "The access token is invalid or expired");
            }

            var devices = Accounts[account];
            var parts = path.Split('/');
            return (request.Method, path, parts) switch
            {
                ("GET", "accounts/v1/accounts/me", _) => TestHttpResponse.Json(200, new JsonObject
                {
                    ["id"] = "acc-" + account[^4..],
                    ["expiry"] = "2027-01-01T00:00:00+00:00",
                    ["max_devices"] = MaxDevices,
                    ["can_add_devices"] = devices.Count < MaxDevices,
                }.ToJsonString()),
                ("POST", "accounts/v1/devices", _) => Create(devices, request),
                ("GET", "accounts/v1/devices", _) => TestHttpResponse.Json(200, new JsonArray([.. devices.Select(d => (JsonNode)d.Json())]).ToJsonString()),
                ("GET", _, [_, _, _, var id]) => Find(devices, id) is { } d ? TestHttpResponse.Json(200, d.Json().ToJsonString()) : NotFound(),
                ("DELETE", _, [_, _, _, var id]) => devices.RemoveAll(d => d.Id == id) > 0 ? new TestHttpResponse(204, [], "text/plain", []) : NotFound(),
                ("PUT", _, [_, _, _, var id, "pubkey"]) => Replace(devices, id, request),
                _ => Error(404, "NOT_FOUND", "no such endpoint"),
            };
        }
    }

    private TestHttpResponse Token(TestHttpRequest request)
    {
        var number = JsonNode.Parse(request.BodyText)?["account_number"]?.GetValue<string>() ?? "";
        if (!Accounts.ContainsKey(number))
        {
            return Error(400, "INVALID_ACCOUNT", "Invalid account number");
        }

        var token = "mva_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_tokens)
        {
            _tokens[token] = number;
        }

        TokensIssued++;
        return TestHttpResponse.Json(200, new JsonObject { ["access_token"] = token, ["expiry"] = "2099-01-01T00:00:00+00:00" }.ToJsonString());
    }

    private string? Authenticated(TestHttpRequest request)
    {
        var header = request.Header("Authorization") ?? "";
        lock (_tokens)
        {
            return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header[7..], out var account) ? account : null;
        }
    }

    private TestHttpResponse Create(List<MullvadTestDevice> devices, TestHttpRequest request)
    {
        var key = PublicKey(request);
        if (key is null)
        {
            return Error(400, "INVALID_PUBKEY", "pubkey is not a WireGuard key");
        }

        if (Accounts.Values.SelectMany(d => d).Any(d => d.PublicKey == key))
        {
            return Error(400, "PUBKEY_IN_USE", "The public key is already in use");
        }

        if (devices.Count >= MaxDevices)
        {
            return Error(400, "MAX_DEVICES_REACHED", "Maximum number of devices reached");
        }

        var number = _next++;
        var device = new MullvadTestDevice(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Names[(number - 1) % Names.Length],
            $"10.64.{number / 250}.{number % 250 + 2}/32",
            $"fc00:bbbb:bbbb:bb01::{number:x}/128") { PublicKey = key };
        devices.Add(device);
        return TestHttpResponse.Json(201, device.Json().ToJsonString());
    }

    private TestHttpResponse Replace(List<MullvadTestDevice> devices, string id, TestHttpRequest request)
    {
        if (Find(devices, id) is not { } device)
        {
            return NotFound();
        }

        if (PublicKey(request) is not { } key)
        {
            return Error(400, "INVALID_PUBKEY", "pubkey is not a WireGuard key");
        }

        device.PublicKey = key;
        device.KeyReplacements++;
        return TestHttpResponse.Json(200, device.Json().ToJsonString());
    }

    private static string? PublicKey(TestHttpRequest request)
    {
        var key = JsonNode.Parse(request.BodyText)?["pubkey"]?.GetValue<string>() ?? "";
        try
        {
            return Convert.FromBase64String(key).Length == 32 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static MullvadTestDevice? Find(List<MullvadTestDevice> devices, string id) => devices.FirstOrDefault(d => d.Id == id);

    private static TestHttpResponse NotFound() => Error(404, "DEVICE_NOT_FOUND", "The device was not found");

    private static TestHttpResponse Error(int status, string code, string detail) =>
        TestHttpResponse.Json(status, new JsonObject { ["code"] = code, ["detail"] = detail }.ToJsonString());

    private string RelayJson()
    {
        var locations = new JsonObject();
        foreach (var relay in Relays.DistinctBy(r => r.Location))
        {
            locations[relay.Location] = new JsonObject { ["country"] = relay.Country, ["city"] = relay.City, ["latitude"] = 0.0, ["longitude"] = 0.0 };
        }

        return new JsonObject
        {
            ["locations"] = locations,
            ["openvpn"] = new JsonObject { ["relays"] = new JsonArray() },
            ["wireguard"] = new JsonObject
            {
                ["port_ranges"] = new JsonArray(new JsonArray(53, 53), new JsonArray(4000, 33433)),
                ["ipv4_gateway"] = "10.64.0.1",
                ["ipv6_gateway"] = "fc00:bbbb:bbbb:bb01::1",
                ["relays"] = new JsonArray([.. Relays.Select(r => (JsonNode)new JsonObject
                {
                    ["hostname"] = r.Hostname,
                    ["location"] = r.Location,
                    ["active"] = r.Active,
                    ["owned"] = r.Owned,
                    ["provider"] = r.Owned ? "31173" : "M247",
                    ["ipv4_addr_in"] = r.Ipv4,
                    ["ipv6_addr_in"] = "2a03:1b20:1:f011::a01f",
                    ["include_in_country"] = true,
                    ["weight"] = r.Weight,
                    ["public_key"] = r.PublicKey,
                })]),
            },
        }.ToJsonString();
    }
}

public sealed class MullvadTestDevice(string id, string name, string ipv4, string ipv6)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public required string PublicKey { get; set; }

    public string Ipv4 { get; } = ipv4;

    public string Ipv6 { get; } = ipv6;

    public int KeyReplacements { get; set; }

    public JsonObject Json() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["pubkey"] = PublicKey,
        ["hijack_dns"] = false,
        ["created"] = "2026-11-01T10:00:00+00:00",
        ["ipv4_address"] = Ipv4,
        ["ipv6_address"] = Ipv6,
    };
}

public sealed record MullvadTestRelay(string Hostname, string Location, string Country, string City, string Ipv4, string PublicKey, bool Active = true, bool Owned = false, int Weight = 100);
