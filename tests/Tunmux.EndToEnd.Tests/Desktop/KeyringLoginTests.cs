using System.Text;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Testing.TestServers.AirVpn;
using Tunmux.Testing.TestServers.Mullvad;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.EndToEnd.Tests.Desktop;

/// <summary>
/// Issue #13: credential_store = "keyring" keeps the Proton, AirVPN and Mullvad sessions in a real
/// Secret Service (gnome-keyring on a private session bus), never in ~/.config/tunmux/PROVIDER;
/// logout removes them; switching stores does not move them (the other store asks for a new login).
/// </summary>
public sealed class KeyringLoginTests
{
    private const string Password = "correct horse battery staple";

    private static readonly Dictionary<string, string> SessionItem = new()
    {
        ["application"] = "tunmux",
        ["provider"] = "proton",
        ["name"] = "sessions/alice.json",
    };

    [RootFact]
    public async Task Login_stores_the_session_in_the_keyring_and_logout_removes_it()
    {
        await using var keyring = await PrivateSecretService.StartAsync();
        await using var proton = ProtonTestServer.Start(new ManualClock(DateTimeOffset.UtcNow), new ProtonTestAccount("alice", Password));
        var config = Directory.CreateTempSubdirectory("tunmux-keyring-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(config, "config.toml"), "[general]\ncredential_store = \"keyring\"\n");
            var environment = new Dictionary<string, string>
            {
                ["TUNMUX_CONFIG_DIR"] = config,
                ["TUNMUX_PROTON_API_URL"] = proton.BaseUrl.AbsoluteUri,
                ["DBUS_SESSION_BUS_ADDRESS"] = keyring.Address,
            };

            var login = await Run.ProgramAsync([TunmuxBinary.Path, "proton", "login", "alice", "--password-stdin"], environment, Password + "\n");

            login.EnsureSuccess("proton login");
            login.All.Should().NotContain(Password);
            using (var client = await keyring.ConnectAsync())
            {
                var stored = await client.LookupAsync(SessionItem);
                stored.Should().NotBeNull("the session is in the keyring");
                Encoding.UTF8.GetString(stored!).Should().Contain("\"alice\"");
            }

            FilesUnder(Path.Combine(config, "proton")).Where(f => f.Contains("session", StringComparison.Ordinal) || f.EndsWith("default-account.json", StringComparison.Ordinal))
                .Should().BeEmpty("nothing of the session lands in the provider's folder");

            // The keyring's session is used: a command that needs it finds it.
            (await Run.ProgramAsync([TunmuxBinary.Path, "proton", "info"], environment)).All.Should().NotContain("not logged in");

            // No silent migration: the file store does not see the keyring's session.
            File.WriteAllText(Path.Combine(config, "config.toml"), "[general]\ncredential_store = \"file\"\n");
            (await Run.ProgramAsync([TunmuxBinary.Path, "proton", "logout"], environment)).All.Should().Contain("not logged in");
            File.WriteAllText(Path.Combine(config, "config.toml"), "[general]\ncredential_store = \"keyring\"\n");

            (await Run.ProgramAsync([TunmuxBinary.Path, "proton", "logout"], environment)).EnsureSuccess("proton logout");
            using (var client = await keyring.ConnectAsync())
            {
                (await client.LookupAsync(SessionItem)).Should().BeNull("logout removed the session from the keyring");
            }
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [RootFact]
    public async Task An_AirVPN_login_keeps_its_password_in_the_keyring_and_logout_removes_it()
    {
        await using var keyring = await PrivateSecretService.StartAsync();
        await using var airvpn = new AirVpnTestServer();
        airvpn.AddAccount("alice", Password, "laptop");
        var config = Directory.CreateTempSubdirectory("tunmux-keyring-config-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["TUNMUX_CONFIG_DIR"] = config,
                ["TUNMUX_AIRVPN_PROVIDER_FILE"] = airvpn.WriteEddieProviderFile(config),
                ["DBUS_SESSION_BUS_ADDRESS"] = keyring.Address,
            };
            var item = new Dictionary<string, string> { ["application"] = "tunmux", ["provider"] = "airvpn", ["name"] = "accounts/alice/session.json" };
            await ProviderRoundTripAsync(
                keyring, config, "airvpn", environment, item,
                login: () => Run.ProgramAsync([TunmuxBinary.Path, "airvpn", "login", "alice", "--password-stdin"], environment, Password + "\n"),
                secretText: Password,
                stored: text => text.Should().Contain("\"alice\""),
                notLoggedIn: "no AirVPN login is stored");
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [RootFact]
    public async Task A_Mullvad_login_keeps_its_account_number_in_the_keyring_and_logout_removes_it()
    {
        const string account = "1234567890123456";
        await using var keyring = await PrivateSecretService.StartAsync();
        await using var mullvad = new MullvadTestServer();
        mullvad.AddAccount(account);
        var config = Directory.CreateTempSubdirectory("tunmux-keyring-config-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["TUNMUX_CONFIG_DIR"] = config,
                ["TUNMUX_MULLVAD_API_URL"] = mullvad.BaseUri.AbsoluteUri,
                ["DBUS_SESSION_BUS_ADDRESS"] = keyring.Address,
            };
            var item = new Dictionary<string, string> { ["application"] = "tunmux", ["provider"] = "mullvad", ["name"] = "accounts/default/session.json" };
            await ProviderRoundTripAsync(
                keyring, config, "mullvad", environment, item,
                login: () => Run.ProgramAsync([TunmuxBinary.Path, "mullvad", "login", "--account-stdin"], environment, account + "\n"),
                secretText: account,
                stored: text => text.Should().Contain(account),
                notLoggedIn: "no Mullvad login is stored");
            mullvad.Accounts[account].Should().BeEmpty("logout removed the device it registered");
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    /// <summary>
    /// Login with the keyring store, the session found in the keyring and nowhere in the provider's
    /// folder, used by `info`; the file store then sees no login; logout removes the keyring item.
    /// </summary>
    private static async Task ProviderRoundTripAsync(
        PrivateSecretService keyring,
        string config,
        string provider,
        Dictionary<string, string> environment,
        Dictionary<string, string> item,
        Func<Task<Run.Result>> login,
        string secretText,
        Action<string> stored,
        string notLoggedIn)
    {
        File.WriteAllText(Path.Combine(config, "config.toml"), "[general]\ncredential_store = \"keyring\"\n");

        var result = (await login()).EnsureSuccess($"{provider} login");

        result.All.Should().NotContain(secretText).And.Contain("keyring");
        using (var client = await keyring.ConnectAsync())
        {
            var secret = await client.LookupAsync(item);
            secret.Should().NotBeNull("the session is in the keyring");
            stored(Encoding.UTF8.GetString(secret!));
        }

        var folder = Path.Combine(config, provider);
        FilesUnder(folder).Where(f => Path.GetFileName(f) is "session.json" or "web_session.json").Should().BeEmpty("no session file in the provider's folder");
        FilesUnder(folder).Where(f => File.ReadAllText(f).Contains(secretText, StringComparison.Ordinal)).Should().BeEmpty("the secret is in no file");
        (await Run.ProgramAsync([TunmuxBinary.Path, provider, "info"], environment)).EnsureSuccess($"{provider} info from the keyring's session");

        // No silent migration: the file store does not see the keyring's login.
        File.WriteAllText(Path.Combine(config, "config.toml"), "[general]\ncredential_store = \"file\"\n");
        (await Run.ProgramAsync([TunmuxBinary.Path, provider, "info"], environment)).All.Should().Contain(notLoggedIn);
        File.WriteAllText(Path.Combine(config, "config.toml"), "[general]\ncredential_store = \"keyring\"\n");

        (await Run.ProgramAsync([TunmuxBinary.Path, provider, "logout"], environment)).EnsureSuccess($"{provider} logout");
        using (var client = await keyring.ConnectAsync())
        {
            (await client.LookupAsync(item)).Should().BeNull("logout removed the session from the keyring");
        }
    }

    private static IEnumerable<string> FilesUnder(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];
}
