using Tunmux.Core.Secrets;
using Tunmux.Linux.Keyring;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Hosting;

/// <summary>
/// config.toml's credential_store: "file" (the default; 0600 files in the provider's folder) or
/// "keyring" (the desktop's Secret Service on the session bus). Nothing moves between them:
/// after a switch the other store is simply not read, so the next command asks for a login.
/// </summary>
public static class CredentialStores
{
    /// <summary>The keyring's slots for <paramref name="provider"/> when the user chose it; null for files.</summary>
    public static ISecretSlots? For(Func<string, string?> environment, string provider)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var load = TunmuxConfigFile.LoadUser(environment);
        if (!load.Ok || load.Config.General.CredentialStore != CredentialStoreKind.Keyring)
        {
            // A broken file is reported by the command itself (UserSettings.Read) before it gets here.
            return null;
        }

        var address = environment("DBUS_SESSION_BUS_ADDRESS");
        return new KeyringSecretSlots(() => SecretServiceClient.ConnectAsync(address).GetAwaiter().GetResult(), provider);
    }
}
