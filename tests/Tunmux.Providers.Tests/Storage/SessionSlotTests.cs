using Tunmux.Core.Model;
using Tunmux.Core.Secrets;
using Tunmux.Providers.Accounts;
using Tunmux.Providers.Mullvad;

namespace Tunmux.Providers.Tests.Storage;

/// <summary>
/// credential_store = "keyring" for AirVPN and Mullvad logins: the session is a keyring item, the
/// login's folder holds only a marker, and each store sees only its own logins.
/// </summary>
public sealed class SessionSlotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-slots-").FullName;
    private readonly MemorySlots _keyring = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static MullvadSession Session() => new() { AccountNumber = new Secret("1234567890123456") };

    [Fact]
    public void With_the_keyring_the_session_is_an_item_and_the_folder_holds_only_a_marker()
    {
        var folder = AccountDirectories.For(_root, "default");
        new MullvadStore(folder, _keyring).SaveSession(Session());

        _keyring.Items.Should().ContainKey("accounts/default/session.json").WhoseValue.Should().Contain("1234567890123456");
        Directory.GetFiles(folder).Select(Path.GetFileName).Should().Equal("session.json.keyring");
        File.ReadAllText(Path.Combine(folder, "session.json.keyring")).Should().BeEmpty();
        new MullvadStore(folder, _keyring).LoadSession()!.AccountNumber.Reveal().Should().Be("1234567890123456");
    }

    [Fact]
    public void Each_store_finds_only_its_own_logins()
    {
        var accounts = new AccountDirectories([_root]);
        new MullvadStore(AccountDirectories.For(_root, "default"), _keyring).SaveSession(Session());
        AccountDirectories.SetDefault(_root, "default");

        accounts.Find(null, MullvadStore.SessionMarker(_keyring)).Should().NotBeNull();
        accounts.Find(null, MullvadStore.SessionMarker(null)).Should().BeNull("the file store asks for a new login");
        new MullvadStore(AccountDirectories.For(_root, "default")).LoadSession().Should().BeNull();
    }

    [Fact]
    public void Deleting_the_login_removes_the_item_and_the_folder()
    {
        var folder = AccountDirectories.For(_root, "default");
        var store = new MullvadStore(folder, _keyring);
        store.SaveSession(Session());

        store.DeleteAll();

        _keyring.Items.Should().BeEmpty();
        Directory.Exists(folder).Should().BeFalse();
    }

    private sealed class MemorySlots : ISecretSlots
    {
        public Dictionary<string, string> Items { get; } = new(StringComparer.Ordinal);

        public string Location => "memory";

        public string? Read(string name) => Items.GetValueOrDefault(name);

        public void Write(string name, string text) => Items[name] = text;

        public void Delete(string name) => Items.Remove(name);
    }
}
