using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Providers.Accounts;
using Tunmux.Crypto;
using Tunmux.Providers.Http;
using Tunmux.Providers.Mullvad;
using Tunmux.Providers.Tests.AirVpn;
using Tunmux.Testing.TestServers;
using Tunmux.Testing.TestServers.Mullvad;

namespace Tunmux.Providers.Tests.Mullvad;

/// <summary>The Mullvad test server, user and daemon folders, and clients wired to them.</summary>
internal sealed class MullvadFixture : IAsyncDisposable
{
    public const string AccountNumber = "1234567890123456";

    private readonly List<JsonHttpClient> _clients = [];

    public MullvadFixture()
    {
        Server.AddAccount(AccountNumber);
        Server.Relays.AddRange(
        [
            new("se-got-wg-001", "se-got", "Sweden", "Gothenburg", "127.0.20.1", Key(), Owned: true),
            new("se-sto-wg-002", "se-sto", "Sweden", "Stockholm", "127.0.20.2", Key(), Weight: 200),
            new("ch-zrh-wg-001", "ch-zrh", "Switzerland", "Zurich", "127.0.20.3", Key(), Owned: true),
            new("de-fra-wg-005", "de-fra", "Germany", "Frankfurt", "127.0.20.4", Key(), Active: false),
        ]);
    }

    public MullvadTestServer Server { get; } = new();

    public TempFolder Folder { get; } = new();

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public FakeLatencyProbe Latency { get; } = new();

    public string UserRoot => Folder.Combine("user", "mullvad");

    public string DaemonRoot => Folder.Combine("state", "providers", "mullvad");

    public MullvadStore Store => new(AccountDirectories.For(UserRoot, "default"));

    public MullvadApiClient Client(Uri? baseUri = null)
    {
        var http = new JsonHttpClient(baseUri ?? Server.BaseUri, "the Mullvad API", timeout: TimeSpan.FromSeconds(5));
        _clients.Add(http);
        return new MullvadApiClient(http);
    }

    public MullvadSourceOptions Options => new()
    {
        Accounts = new AccountDirectories([UserRoot, DaemonRoot]),
        CredentialsRoot = DaemonRoot,
        Client = () => Client(),
        Latency = Latency,
        Time = Time,
    };

    public async Task<MullvadSession> LoginAsync()
    {
        var session = await MullvadLogin.LoginAsync(Client(), new Secret(AccountNumber), Store, Time, CancellationToken.None);
        AccountDirectories.SetDefault(UserRoot, "default");
        return session;
    }

    public static TunnelManifest Tunnel(string name = "se", ServerSelectorSpec? server = null, TimeSpan? keyRotation = null, AccountSpec? account = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TunnelSpec { Provider = "mullvad", Server = server, KeyRotation = keyRotation, Account = account },
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        Folder.Dispose();
    }

    private static string Key() => Sodium.GenerateWireGuardKeyPair().PublicKey;
}
