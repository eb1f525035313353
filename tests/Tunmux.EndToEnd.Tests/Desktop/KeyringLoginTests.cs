using System.Text;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.EndToEnd.Tests.Desktop;

/// <summary>
/// Issue #13: credential_store = "keyring" keeps the Proton session in a real Secret Service
/// (gnome-keyring on a private session bus), never in ~/.config/tunmux/proton; logout removes
/// it; switching stores does not move it (the other store asks for a new login).
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

    private static IEnumerable<string> FilesUnder(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];
}
