using Tunmux.Crypto;

namespace Tunmux.Testing.TestServers.AirVpn;

/// <summary>An account the AirVPN test server knows: password, the per-account server key, devices, ports, API keys.</summary>
public sealed class AirVpnTestAccount
{
    private int _nextId = 1;

    public AirVpnTestAccount(string login, string password)
    {
        Login = login;
        Password = password;
        ServerPublicKey = Sodium.GenerateWireGuardKeyPair().PublicKey;
    }

    public string Login { get; }

    public string Password { get; set; }

    /// <summary>
    /// The WireGuard public key of every AirVPN server for this account (`wg_public_key`);
    /// settable so a test can hand out a WireGuard server of its own.
    /// </summary>
    public string ServerPublicKey { get; set; }

    public List<AirVpnTestDevice> Devices { get; } = [];

    public List<AirVpnTestPort> Ports { get; } = [];

    public List<AirVpnTestApiKey> ApiKeys { get; } = [];

    public AirVpnTestDevice AddDevice(string name)
    {
        var keys = Sodium.GenerateWireGuardKeyPair();
        var psk = Sodium.GenerateWireGuardKeyPair().PrivateKey.Reveal();
        var number = Devices.Count + 2;
        var device = new AirVpnTestDevice(NextId(), keys.PrivateKey.Reveal(), keys.PublicKey, $"10.128.0.{number}/32", $"fd7d:76ee:e68f:a993::{number:x}/128", psk) { Name = name };
        Devices.Add(device);
        return device;
    }

    public AirVpnTestApiKey AddApiKey(string name)
    {
        var key = new AirVpnTestApiKey(NextId(), Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))) { Name = name };
        ApiKeys.Add(key);
        return key;
    }

    public string NextId() => (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class AirVpnTestDevice(string id, string privateKey, string publicKey, string ipv4, string ipv6, string presharedKey)
{
    public string Id { get; } = id;

    public required string Name { get; set; }

    public string PrivateKey { get; } = privateKey;

    public string PublicKey { get; } = publicKey;

    public string Ipv4 { get; } = ipv4;

    public string Ipv6 { get; } = ipv6;

    public string PresharedKey { get; } = presharedKey;
}

public sealed class AirVpnTestPort
{
    public required int Port { get; init; }

    public string Protocol { get; set; } = "tcp_udp";

    public int Local { get; set; }

    public string Ddns { get; set; } = "";
}

public sealed class AirVpnTestApiKey(string id, string secret)
{
    public string Id { get; } = id;

    public required string Name { get; set; }

    public string Secret { get; } = secret;
}

/// <summary>One server of the test manifest.</summary>
public sealed record AirVpnTestServerEntry(string Name, string CountryCode, string Location, string EntryIp, long Bandwidth = 0, long BandwidthMax = 1000, long Users = 0, long UsersMax = 250, long ScoreBase = 0);
