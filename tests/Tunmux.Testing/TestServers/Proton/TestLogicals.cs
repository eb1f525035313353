using System.Text.Json.Nodes;

namespace Tunmux.Testing.TestServers.Proton;

/// <summary>A small, varied server list in the shape of /vpn/v1/logicals.</summary>
public static class TestLogicals
{
    /// <summary>A WireGuard public key for server <paramref name="n"/>: 32 bytes, base64.</summary>
    public static string KeyOf(int n) => Convert.ToBase64String(Enumerable.Repeat((byte)n, 32).ToArray());

    /// <param name="entryIp">Where the server takes WireGuard connections; by default 198.51.100.n, which answers nothing.</param>
    /// <param name="publicKey">The server's WireGuard key; by default <see cref="KeyOf"/>(n).</param>
    public static JsonObject Server(
        string name,
        string country,
        int n,
        double score,
        int load = 30,
        int tier = 2,
        int features = 0,
        string? city = null,
        int status = 1,
        string? entryIp = null,
        string? publicKey = null) => new()
        {
            ["ID"] = $"logical-{n}",
            ["Name"] = name,
            ["EntryCountry"] = country,
            ["ExitCountry"] = country,
            ["Domain"] = $"node-{name.ToLowerInvariant().Replace('#', '-')}.protonvpn.net",
            ["Tier"] = tier,
            ["Features"] = features,
            ["City"] = city,
            ["Score"] = score,
            ["Load"] = load,
            ["Status"] = status,
            ["Location"] = new JsonObject { ["Lat"] = 47.0, ["Long"] = 8.0 },
            ["Servers"] = new JsonArray(new JsonObject
            {
                ["ID"] = $"physical-{n}",
                ["EntryIP"] = entryIp ?? $"198.51.100.{n}",
                ["ExitIP"] = $"198.51.100.{n + 100}",
                ["Domain"] = $"node-{n}.protonvpn.net",
                ["Status"] = status,
                ["X25519PublicKey"] = publicKey ?? KeyOf(n),
            }),
        };

    /// <summary>US#1 (best US), US#2, CH#1 (P2P, Zurich), CH#2 (Secure Core), JP-FREE#1 (free), DE#1 (offline).</summary>
    public static JsonArray Default() =>
    [
        Server("US#1", "US", 1, score: 1.0, load: 20, city: "New York"),
        Server("US#2", "US", 2, score: 2.0, load: 10, city: "Chicago"),
        Server("CH#1", "CH", 3, score: 1.5, load: 40, features: 4, city: "Zurich"),
        Server("CH#2", "CH", 4, score: 0.5, load: 40, features: 1, city: "Zurich"),
        Server("JP-FREE#1", "JP", 5, score: 3.0, load: 90, tier: 0, city: "Tokyo"),
        Server("DE#1", "DE", 6, score: 0.1, status: 0, city: "Berlin"),
    ];
}
