using Tunmux.Providers.Accounts;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Latency;
using Tunmux.Testing.TestServers;
using Tunmux.Testing.TestServers.AirVpn;

namespace Tunmux.Providers.Tests.AirVpn;

/// <summary>The AirVPN test server, a user and a daemon folder, and clients wired to them.</summary>
internal sealed class AirVpnFixture : IAsyncDisposable
{
    public const string Login = "alice";
    public const string Password = "correct horse battery staple";

    private readonly HttpClient _http = new();

    public AirVpnFixture()
    {
        Account = Server.AddAccount(Login, Password, "laptop", "My desktop");
        Server.Servers.AddRange(
        [
            new("Castor", "NL", "Amsterdam", "127.0.10.1", Bandwidth: 200_000_000, Users: 100),
            new("Vega", "NL", "Amsterdam", "127.0.10.2", Bandwidth: 10_000_000, Users: 20),
            new("Alchiba", "DE", "Frankfurt", "127.0.10.3", Bandwidth: 30_000_000, Users: 40),
            new("Sirius", "US", "New York", "127.0.10.4", Bandwidth: 50_000_000, Users: 10, ScoreBase: 3),
        ]);
    }

    public AirVpnTestServer Server { get; } = new();

    public AirVpnTestAccount Account { get; }

    public TempFolder Folder { get; } = new();

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public FakeLatencyProbe Latency { get; } = new();

    public string UserRoot => Folder.Combine("user", "airvpn");

    public string DaemonRoot => Folder.Combine("state", "providers", "airvpn");

    public AccountDirectories Accounts => new([UserRoot, DaemonRoot]);

    public AirVpnCredentials Credentials => new(Login, new Core.Model.Secret(Password));

    public AirVpnBootstrapClient Client(AirVpnProvider? provider = null) =>
        new(_http, provider ?? Server.Provider, AirVpnClientIdentity.ForArchitecture(System.Runtime.InteropServices.Architecture.X64), TimeSpan.FromSeconds(5));

    public AirVpnStore StoreFor(string login = Login) => new(AccountDirectories.For(UserRoot, login));

    public AirVpnSourceOptions Options => new()
    {
        Accounts = Accounts,
        CredentialsRoot = DaemonRoot,
        Client = () => Client(),
        Latency = Latency,
        Time = Time,
    };

    /// <summary>Logs in as `tunmux airvpn login` does and makes it the default login.</summary>
    public async Task<AirVpnSession> LoginAsync(string? defaultDevice = null)
    {
        var session = await AirVpnLogin.LoginAsync(Client(), Credentials, StoreFor(), defaultDevice, Time, CancellationToken.None);
        AccountDirectories.SetDefault(UserRoot, Login);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _http.Dispose();
        Folder.Dispose();
    }
}

/// <summary>Latencies set by the test; servers left out did not answer.</summary>
internal sealed class FakeLatencyProbe : ILatencyProbe
{
    public Dictionary<string, long> Milliseconds { get; } = new(StringComparer.Ordinal);

    public List<IReadOnlyList<(string Name, string Address)>> Probes { get; } = [];

    public Task<IReadOnlyDictionary<string, long>> MeasureAsync(IReadOnlyList<(string Name, string Address)> targets, CancellationToken cancellationToken)
    {
        Probes.Add(targets);
        return Task.FromResult<IReadOnlyDictionary<string, long>>(
            targets.Where(t => Milliseconds.ContainsKey(t.Name)).ToDictionary(t => t.Name, t => Milliseconds[t.Name], StringComparer.Ordinal));
    }
}
