using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tunmux.Core.Secrets;

namespace Tunmux.Providers.Storage;

/// <summary>
/// One secret file of a stored login (its session, its web cookies): a 0600 file in the login's
/// folder, or with credential_store = "keyring" an item named accounts/LOGIN/FILE in the keyring
/// plus an empty marker file FILE.keyring in the folder, so the login is found without asking the
/// keyring. Each store sees only its own kind: a switch of stores means a new login.
/// </summary>
public sealed class SessionSlot(SecretFileStore files, ISecretSlots? keyring, string file)
{
    public const string KeyringSuffix = ".keyring";

    /// <summary>The file whose presence in a login's folder means the login is stored in this store.</summary>
    public static string Marker(string file, ISecretSlots? keyring) => keyring is null ? file : file + KeyringSuffix;

    public bool Exists => files.Exists(Marker(file, keyring));

    private string SlotName => $"accounts/{Path.GetFileName(files.Directory)}/{file}";

    public T? Read<T>(JsonTypeInfo<T> type)
    {
        if (keyring is null)
        {
            return files.Read(file, type);
        }

        return files.Exists(Marker(file, keyring)) && keyring.Read(SlotName) is { } text ? JsonSerializer.Deserialize(text, type) : default;
    }

    public void Write<T>(T value, JsonTypeInfo<T> type)
    {
        if (keyring is null)
        {
            files.Write(file, value, type);
            return;
        }

        keyring.Write(SlotName, JsonSerializer.Serialize(value, type));
        files.WriteText(Marker(file, keyring), "");
    }

    public void Delete()
    {
        files.Delete(file);
        if (keyring is not null)
        {
            keyring.Delete(SlotName);
            files.Delete(Marker(file, keyring));
        }
    }
}
