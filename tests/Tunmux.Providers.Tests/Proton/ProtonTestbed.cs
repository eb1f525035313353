using Tunmux.Providers.Latency;
using Tunmux.Providers.Proton;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Sessions;
using Tunmux.Providers.Proton.Storage;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.Providers.Tests.Proton;

/// <summary>A Proton test server, a clock, and a store in a temporary folder, for one test.</summary>
internal sealed class ProtonTestbed : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";
    public const string TotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public static readonly ProtonTestAccount Alice = new("alice", Password);
    public static readonly ProtonTestAccount Bob = new("bob", Password, TotpSecret);
    public static readonly ProtonTestAccount Freddie = new("freddie", Password, MaxTier: 0, PlanName: "free");

    private ProtonTestbed(params ProtonTestAccount[] accounts)
    {
        Folder = Directory.CreateTempSubdirectory("tunmux-proton-").FullName;
        Server = ProtonTestServer.Start(Clock, accounts);
        Store = new ProtonStore(Path.Combine(Folder, "proton"));
    }

    public ManualClock Clock { get; } = ManualClock.StartingNow();

    public ProtonTestServer Server { get; }

    public string Folder { get; }

    public ProtonStore Store { get; }

    public ProtonClientOptions Options => new() { BaseUrl = Server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };

    public static ProtonTestbed Start() => new(Alice, Bob, Freddie);

    public ProtonClient Client(ProtonTokens? tokens = null) => new(Options, tokens);

    /// <summary>Logs <paramref name="account"/> in and stores the session, as `tunmux proton login` does.</summary>
    public async Task<ProtonSession> LoginAsync(ProtonTestAccount? account = null, bool portForwarding = false)
    {
        account ??= Alice;
        using var client = Client();
        var code = account.TotpSecret is { } secret ? Totp.Compute(secret, Clock.GetUtcNow()) : null;
        var session = await new ProtonLogin(client, Clock).LoginAsync(account.Username, account.Password, new FixedTwoFactorCode(code), portForwarding, CancellationToken.None);
        Store.SaveSession(session, makeDefault: true);
        return session;
    }

    public ProtonTunnelSource Source(ProtonSourceOptions? options = null) =>
        new(Store, Options, Clock, options: options ?? new ProtonSourceOptions { LatencyProbe = NoLatencyProbe.Instance });

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
