using Tunmux.Providers.Accounts;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Mullvad;
using Tunmux.Testing.TestServers;

namespace Tunmux.Providers.Tests.AirVpn;

/// <summary>Credentials files (YAML or JSON, private) and where stored logins live.</summary>
public sealed class AirVpnCredentialsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("login: alice\npassword: 's3cret: with colon'\n")]
    [InlineData("# unattended host\n---\nusername: \"alice\"\npassword: s3cret: with colon\n")]
    [InlineData("{\"login\": \"alice\", \"password\": \"s3cret: with colon\"}")]
    public void A_credentials_file_may_be_flat_YAML_or_JSON(string content)
    {
        var credentials = AirVpnCredentials.FromFile(CredentialsFile.Read(Write("airvpn.yaml", content)));

        credentials.Login.Should().Be("alice");
        credentials.Password.Reveal().Should().Be("s3cret: with colon");
    }

    [Fact]
    public void A_file_without_a_password_says_which_keys_it_needs()
    {
        var path = Write("partial.yaml", "login: alice\n");

        var act = () => AirVpnCredentials.FromFile(CredentialsFile.Read(path));

        act.Should().Throw<CredentialsFileException>().WithMessage("*must hold `login:` and `password:`*");
    }

    [Fact]
    public void A_malformed_file_is_refused_without_quoting_it()
    {
        var yaml = Write("bad.yaml", "login alice hunter2\n");
        var json = Write("bad.json", "{\"login\": \"alice\", \"password\": hunter2}");

        ((Action)(() => CredentialsFile.Read(yaml))).Should().Throw<CredentialsFileException>().Which.Message.Should().Contain(":1: expected a line").And.NotContain("hunter2");
        ((Action)(() => CredentialsFile.Read(json))).Should().Throw<CredentialsFileException>().Which.Message.Should().NotContain("hunter2");
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var act = () => CredentialsFile.Read(_folder.Combine("nope.yaml"));

        act.Should().Throw<CredentialsFileException>().WithMessage("cannot read *nope.yaml*");
    }

    [Fact]
    public void Mullvad_account_numbers_from_files_lose_their_spaces_and_dashes()
    {
        var number = MullvadLogin.FromFile(CredentialsFile.Read(Write("mullvad.yaml", "accountNumber: 1234 5678-9012 3456\n")));

        number.Reveal().Should().Be("1234567890123456");
        ((Action)(() => MullvadLogin.FromFile(CredentialsFile.Read(Write("m2.yaml", "accountNumber: abc\n"))))).Should().Throw<CredentialsFileException>();
    }

    [Fact]
    public void Stored_logins_are_found_by_name_or_by_each_roots_default_in_order()
    {
        var user = _folder.Combine("user");
        var daemon = _folder.Combine("daemon");
        Touch(AccountDirectories.For(daemon, "bob"), "session.json");
        Touch(AccountDirectories.For(user, "alice"), "session.json");
        AccountDirectories.SetDefault(daemon, "bob");
        var accounts = new AccountDirectories([user, daemon]);

        accounts.Find(null, "session.json").Should().Be(AccountDirectories.For(daemon, "bob"), "the user folder has no default");
        accounts.Find("alice", "session.json").Should().Be(AccountDirectories.For(user, "alice"));
        AccountDirectories.SetDefault(user, "alice");
        accounts.Find(null, "session.json").Should().Be(AccountDirectories.For(user, "alice"));
        accounts.List("session.json").Select(a => (a.Name, a.IsDefault)).Should().Equal(("alice", true), ("bob", true));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a.b@c-d_e", "a.b@c-d_e")]
    [InlineData("../etc", "h-")]
    [InlineData("..", "h-")]
    public void Login_names_become_folder_names_that_cannot_escape(string login, string expectedStart)
    {
        AccountDirectories.SafeName(login).Should().StartWith(expectedStart).And.NotContain("/");
    }

    private string Write(string name, string content)
    {
        var path = _folder.Combine(name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static void Touch(string folder, string file)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, file), "{}");
    }
}
