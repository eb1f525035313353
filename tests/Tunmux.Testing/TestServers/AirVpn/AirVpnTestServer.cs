using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Tunmux.Providers.AirVpn;

namespace Tunmux.Testing.TestServers.AirVpn;

/// <summary>How the test server misbehaves, to drive every client error.</summary>
public enum AirVpnTestFault
{
    None,
    Http500,

    /// <summary>200 with random bytes, not encrypted with the request's key.</summary>
    Garbage,

    /// <summary>Encrypted correctly, but not XML.</summary>
    NotXml,
}

/// <summary>
/// AirVPN's bootstrap API and airvpn.org on one loopback port. The bootstrap side holds its own
/// RSA-4096 key pair, really decrypts `s` (RSA PKCS#1) and `d` (AES-256-CBC), checks the login,
/// and answers XML encrypted with the request's AES key and IV, as AirVPN does.
/// </summary>
public sealed partial class AirVpnTestServer : IAsyncDisposable
{
    // Servers inherit these from their group unless they say otherwise, as in AirVPN's manifest.
    private const long GroupBandwidthMax = 1000;
    private const long GroupUsersMax = 250;

    // One key for the whole run: making an RSA-4096 key takes a while.
    private static readonly Lazy<RSA> SharedKey = new(() => RSA.Create(4096));

    private readonly LoopbackHttpServer _http;
    private readonly List<(string Act, string Login)> _calls = [];

    public AirVpnTestServer()
    {
        _http = new LoopbackHttpServer(HandleAsync);
    }

    public Uri BaseUri => _http.BaseUri;

    /// <summary>The bootstrap address as the client lists it (no trailing slash).</summary>
    public string BootstrapUrl => BaseUri.AbsoluteUri.TrimEnd('/');

    public Dictionary<string, AirVpnTestAccount> Accounts { get; } = new(StringComparer.Ordinal);

    public List<AirVpnTestServerEntry> Servers { get; } = [];

    public List<(string Protocol, int Port)> WireGuardModes { get; } = [("UDP", 1637), ("UDP", 51820)];

    public AirVpnTestFault Fault { get; set; }

    /// <summary>Limits <see cref="Fault"/> to one act ("user" or "manifest"); null for every call.</summary>
    public string? FaultAct { get; set; }

    public IReadOnlyList<TestHttpRequest> Requests => _http.Requests;

    /// <summary>Each bootstrap call that decrypted: its act and login.</summary>
    public IReadOnlyList<(string Act, string Login)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The client's view of this server: its public key and its one address.</summary>
    public AirVpnProvider Provider
    {
        get
        {
            var parameters = SharedKey.Value.ExportParameters(includePrivateParameters: false);
            return new AirVpnProvider(Convert.ToBase64String(parameters.Modulus!), Convert.ToBase64String(parameters.Exponent!), [BootstrapUrl]);
        }
    }

    public AirVpnTestAccount AddAccount(string login, string password, params string[] devices)
    {
        var account = new AirVpnTestAccount(login, password);
        foreach (var device in devices)
        {
            account.AddDevice(device);
        }

        Accounts[login] = account;
        return account;
    }

    /// <summary>Writes an Eddie provider definition (key and URL) for TUNMUX_AIRVPN_PROVIDER_FILE.</summary>
    public string WriteEddieProviderFile(string folder)
    {
        var provider = Provider;
        var path = Path.Combine(folder, "airvpn-test-provider.json");
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["manifest"] = new System.Text.Json.Nodes.JsonObject
            {
                ["auth_rsa_modulus"] = provider.RsaModulusBase64,
                ["auth_rsa_exponent"] = provider.RsaExponentBase64,
                ["urls"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["address"] = BootstrapUrl }),
            },
        };
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();

    private Task<TestHttpResponse> HandleAsync(TestHttpRequest request) =>
        Task.FromResult(request is { Method: "POST", Path: "/" } ? Bootstrap(request) : Web(request));

    private TestHttpResponse Bootstrap(TestHttpRequest request)
    {
        var form = request.Form();
        var wrapped = Assoc(SharedKey.Value.Decrypt(Convert.FromBase64String(form["s"]), RSAEncryptionPadding.Pkcs1));
        using var aes = Aes.Create();
        aes.Key = wrapped["key"];
        var iv = wrapped["iv"];
        var parameters = Assoc(aes.DecryptCbc(Convert.FromBase64String(form["d"]), iv, PaddingMode.PKCS7))
            .ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetString(pair.Value), StringComparer.Ordinal);
        lock (_calls)
        {
            _calls.Add((parameters["act"], parameters["login"]));
        }

        var fault = FaultAct is null || FaultAct == parameters["act"] ? Fault : AirVpnTestFault.None;
        return fault switch
        {
            AirVpnTestFault.Http500 => TestHttpResponse.Text(500, "Internal Server Error"),
            // Not a whole number of AES blocks, so it can never decrypt: 96 random bytes had valid
            // PKCS7 padding about once in 256 runs and then failed later, as "not valid XML".
            AirVpnTestFault.Garbage => TestHttpResponse.Bytes(200, RandomNumberGenerator.GetBytes(95)),
            AirVpnTestFault.NotXml => TestHttpResponse.Bytes(200, aes.EncryptCbc("this is not xml"u8, iv, PaddingMode.PKCS7)),
            _ => TestHttpResponse.Bytes(200, aes.EncryptCbc(Encoding.UTF8.GetBytes(Reply(parameters).ToString(SaveOptions.DisableFormatting)), iv, PaddingMode.PKCS7)),
        };
    }

    private XElement Reply(IReadOnlyDictionary<string, string> parameters)
    {
        var known = Accounts.TryGetValue(parameters["login"], out var account) && account.Password == parameters["password"];
        return parameters["act"] switch
        {
            "user" when !known => new XElement("user", new XAttribute("message", "Invalid credentials")),
            "user" => UserXml(account!),
            "manifest" when !known => new XElement("manifest", new XAttribute("error", "Not authorized")),
            "manifest" => ManifestXml(),
            _ => new XElement("error", new XAttribute("message", "unknown act")),
        };
    }

    private static XElement UserXml(AirVpnTestAccount account) =>
        new(
            "user",
            new XAttribute("login", account.Login),
            new XAttribute("wg_public_key", account.ServerPublicKey),
            new XElement("keys", account.Devices.Select(device => new XElement(
                "key",
                new XAttribute("name", device.Name),
                new XAttribute("wg_private_key", device.PrivateKey),
                new XAttribute("wg_ipv4", device.Ipv4),
                new XAttribute("wg_ipv6", device.Ipv6),
                new XAttribute("wg_dns_ipv4", "10.128.0.1"),
                new XAttribute("wg_dns_ipv6", "fd7d:76ee:e68f:a993::1"),
                new XAttribute("wg_preshared", device.PresharedKey)))));

    private XElement ManifestXml() =>
        new(
            "manifest",
            new XAttribute("time", "1700000000"),
            new XElement("servers", Servers.Select(server => new XElement(
                "server",
                new XAttribute("name", server.Name),
                new XAttribute("ips_entry", server.EntryIp),
                new XAttribute("country_code", server.CountryCode.ToLowerInvariant()),
                new XAttribute("location", server.Location),
                new XAttribute("bw", Number(server.Bandwidth)),
                new XAttribute("users", Number(server.Users)),
                new XAttribute("scorebase", Number(server.ScoreBase)),
                new XAttribute("group", "earth"),
                server.BandwidthMax == GroupBandwidthMax ? null : new XAttribute("bw_max", Number(server.BandwidthMax)),
                server.UsersMax == GroupUsersMax ? null : new XAttribute("users_max", Number(server.UsersMax))))),
            new XElement("servers_groups", new XElement(
                "servers_group",
                new XAttribute("group", "earth"),
                new XAttribute("bw_max", Number(GroupBandwidthMax)),
                new XAttribute("users_max", Number(GroupUsersMax)))),
            new XElement("modes", WireGuardModes.Select(mode => new XElement(
                "mode",
                new XAttribute("type", "wireguard"),
                new XAttribute("protocol", mode.Protocol),
                new XAttribute("port", Number(mode.Port)),
                new XAttribute("entry_index", "0")))),
            new XElement("urls", new XElement("url", new XAttribute("address", BootstrapUrl))));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Eddie's assoc text: `base64(key):base64(value)` per line.</summary>
    private static Dictionary<string, byte[]> Assoc(byte[] text) =>
        Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':'))
            .ToDictionary(parts => Encoding.UTF8.GetString(Convert.FromBase64String(parts[0])), parts => Convert.FromBase64String(parts[1]), StringComparer.Ordinal);
}
