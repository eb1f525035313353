using Tunmux.Providers.Proton.Storage;

namespace Tunmux.Providers.Tests.Proton.Storage;

/// <summary>Issue #5: Proton's files are private, whole, and found by account.</summary>
public sealed class ProtonStoreTests
{
    [Fact]
    public async Task Sessions_are_stored_in_private_files_and_the_last_login_is_the_default()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();
        await bed.LoginAsync(ProtonTestbed.Freddie);

        var file = bed.Store.SessionPath("alice");
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(bed.Store.Directory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        bed.Store.DefaultUsername.Should().Be("freddie");
        bed.Store.LoadSession()!.Username.Should().Be("freddie");
        bed.Store.LoadSession("ALICE")!.Username.Should().Be("alice");
    }

    [Fact]
    public async Task The_session_file_holds_the_login_and_nothing_derived()
    {
        await using var bed = ProtonTestbed.Start();
        var session = await bed.LoginAsync();

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(bed.Store.SessionPath("alice")));

        json.RootElement.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "Username", "UID", "AccessToken", "RefreshToken", "VpnUsername", "VpnPassword", "PlanName", "PlanTitle", "MaxTier", "MaxConnect",
            "Ed25519PrivateKey", "WireGuardPublicKey", "Fingerprint", "Certificate", "CertificateExpires", "CertificateRefresh",
            "CertificatePortForwarding", "LoggedInAt");
        json.RootElement.GetProperty("AccessToken").GetString().Should().Be(session.AccessToken.Reveal(), "the file is the one place tokens are kept");
    }

    [Fact]
    public async Task Deleting_the_default_session_leaves_no_default()
    {
        await using var bed = ProtonTestbed.Start();
        await bed.LoginAsync();

        bed.Store.DeleteSession("alice");

        bed.Store.LoadSession().Should().BeNull();
        bed.Store.DefaultUsername.Should().BeNull();
        File.Exists(bed.Store.SessionPath("alice")).Should().BeFalse();
    }

    [Theory]
    [InlineData("alice@proton.me", "alice@proton.me.json")]
    [InlineData("Alice", "alice.json")]
    public void Plain_user_names_are_file_names(string username, string file)
    {
        ProtonStore.FileNameOf(username).Should().Be(file);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void Other_user_names_become_digests_that_stay_in_the_folder(string username)
    {
        ProtonStore.FileNameOf(username).Should().MatchRegex("^x-[0-9a-f]{24}\\.json$");
    }

    [Fact]
    public void A_damaged_file_reads_as_missing()
    {
        var folder = Directory.CreateTempSubdirectory("tunmux-proton-store-").FullName;
        try
        {
            var store = new ProtonStore(folder);
            File.WriteAllText(Path.Combine(folder, "servers.json"), "{ half");

            store.LoadServers().Should().BeNull();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
