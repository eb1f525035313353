using System.Text;
using Tmds.DBus.Protocol;

namespace Tunmux.Linux.Keyring;

/// <summary>
/// The freedesktop Secret Service (gnome-keyring, KeePassXC) over D-Bus, through
/// Tmds.DBus.Protocol (no reflection). Items live in the collection behind the "default" alias;
/// secrets travel in a "plain" session, which the session bus (private to the user) carries.
/// </summary>
public sealed class SecretServiceClient : IDisposable
{
    private delegate void BodyWriter(ref MessageWriter writer);

    private const string Bus = "org.freedesktop.secrets";
    private const string ServicePath = "/org/freedesktop/secrets";
    private const string ServiceInterface = "org.freedesktop.Secret.Service";
    private const string CollectionInterface = "org.freedesktop.Secret.Collection";
    private const string ItemInterface = "org.freedesktop.Secret.Item";

    private readonly DBusConnection _connection;
    private readonly string _session;
    private readonly string _collection;

    private SecretServiceClient(DBusConnection connection, string session, string collection)
    {
        _connection = connection;
        _session = session;
        _collection = collection;
    }

    /// <summary>Connects to the session bus at <paramref name="address"/> (null: DBUS_SESSION_BUS_ADDRESS) and opens a session.</summary>
    public static async Task<SecretServiceClient> ConnectAsync(string? address = null)
    {
        var bus = address ?? DBusAddress.Session ?? throw new KeyringException("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
        var connection = new DBusConnection(bus);
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
            var session = await OpenSessionAsync(connection).ConfigureAwait(false);
            var collection = await ReadDefaultAliasAsync(connection).ConfigureAwait(false);
            return new SecretServiceClient(connection, session, collection);
        }
        catch (Exception ex) when (ex is DBusExceptionBase)
        {
            connection.Dispose();
            throw new KeyringException($"the desktop keyring (Secret Service) is not available: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Stores <paramref name="secret"/> under <paramref name="attributes"/>, replacing an item with the same attributes.</summary>
    public async Task StoreAsync(string label, IReadOnlyDictionary<string, string> attributes, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(secret);
        var prompt = await Call(CreateItemMessage(label, attributes, secret), (message, _) =>
        {
            var reader = message.GetBodyReader();
            reader.ReadObjectPathAsString();
            return reader.ReadObjectPathAsString();
        }).ConfigureAwait(false);
        RefusePrompt(prompt, "store a secret");
    }

    /// <summary>The secret of the first unlocked item with these attributes, or null.</summary>
    public async Task<byte[]?> LookupAsync(IReadOnlyDictionary<string, string> attributes)
    {
        var items = await SearchAsync(attributes).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return null;
        }

        return await Call(Build(items[0], ItemInterface, "GetSecret", "o", (ref MessageWriter w) => w.WriteObjectPath(_session)), (message, _) =>
        {
            var reader = message.GetBodyReader();
            reader.AlignStruct();
            reader.ReadObjectPathAsString();
            reader.ReadArrayOfByte();
            return reader.ReadArrayOfByte();
        }).ConfigureAwait(false);
    }

    /// <summary>Deletes every item with these attributes; the number deleted.</summary>
    public async Task<int> DeleteAsync(IReadOnlyDictionary<string, string> attributes)
    {
        var items = await SearchAsync(attributes).ConfigureAwait(false);
        foreach (var item in items)
        {
            var prompt = await Call(Build(item, ItemInterface, "Delete", null, (ref MessageWriter _) => { }), (message, _) => message.GetBodyReader().ReadObjectPathAsString()).ConfigureAwait(false);
            RefusePrompt(prompt, "delete a secret");
        }

        return items.Count;
    }

    public void Dispose() => _connection.Dispose();

    private async Task<IReadOnlyList<string>> SearchAsync(IReadOnlyDictionary<string, string> attributes)
    {
        var (unlocked, locked) = await Call(Build(ServicePath, ServiceInterface, "SearchItems", "a{ss}", (ref MessageWriter w) => WriteAttributes(ref w, attributes)), (message, _) =>
        {
            var reader = message.GetBodyReader();
            return (reader.ReadArrayOfObjectPath().Select(p => p.ToString()).ToList(), reader.ReadArrayOfObjectPath().Length);
        }).ConfigureAwait(false);
        if (unlocked.Count == 0 && locked > 0)
        {
            throw new KeyringException("the keyring holding tunmux's secrets is locked: unlock it (log in to the desktop) and try again");
        }

        return unlocked;
    }

    private static async Task<string> OpenSessionAsync(DBusConnection connection)
    {
        var call = Build(connection, ServicePath, ServiceInterface, "OpenSession", "sv", (ref MessageWriter w) =>
        {
            w.WriteString("plain");
            w.WriteVariantString("");
        });
        return await connection.CallMethodAsync(call, (message, _) =>
        {
            var reader = message.GetBodyReader();
            reader.ReadVariantValue();
            return reader.ReadObjectPathAsString();
        }).ConfigureAwait(false);
    }

    private static async Task<string> ReadDefaultAliasAsync(DBusConnection connection)
    {
        var call = Build(connection, ServicePath, ServiceInterface, "ReadAlias", "s", (ref MessageWriter w) => w.WriteString("default"));
        var path = await connection.CallMethodAsync(call, (message, _) => message.GetBodyReader().ReadObjectPathAsString()).ConfigureAwait(false);
        return path == "/" ? throw new KeyringException("the desktop keyring has no default collection; create one (e.g. log in to the desktop once)") : path;
    }

    private MessageBuffer CreateItemMessage(string label, IReadOnlyDictionary<string, string> attributes, byte[] secret) =>
        Build(_collection, CollectionInterface, "CreateItem", "a{sv}(oayays)b", (ref MessageWriter writer) =>
        {
            var properties = writer.WriteDictionaryStart();
            writer.WriteDictionaryEntryStart();
            writer.WriteString(ItemInterface + ".Label");
            writer.WriteVariantString(label);
            writer.WriteDictionaryEntryStart();
            writer.WriteString(ItemInterface + ".Attributes");
            writer.WriteSignature("a{ss}");
            WriteAttributes(ref writer, attributes);
            writer.WriteDictionaryEnd(properties);
            writer.WriteStructureStart();
            writer.WriteObjectPath(_session);
            writer.WriteArray(Array.Empty<byte>());
            writer.WriteArray(secret);
            writer.WriteString("text/plain");
            writer.WriteBool(true);
        });

    /// <summary>Writes one method call (MessageWriter is a ref struct: it cannot live across an await).</summary>
    private MessageBuffer Build(string path, string @interface, string member, string? signature, BodyWriter body) =>
        Build(_connection, path, @interface, member, signature, body);

    private static MessageBuffer Build(DBusConnection connection, string path, string @interface, string member, string? signature, BodyWriter body)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(Bus, path, @interface, member, signature);
            body(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void WriteAttributes(ref MessageWriter writer, IReadOnlyDictionary<string, string> attributes)
    {
        var start = writer.WriteDictionaryStart();
        foreach (var (key, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(key);
            writer.WriteString(value);
        }

        writer.WriteDictionaryEnd(start);
    }

    /// <summary>tunmux runs in a terminal: a keyring that wants to show a dialog is refused, not waited on.</summary>
    private static void RefusePrompt(string prompt, string what)
    {
        if (prompt != "/")
        {
            throw new KeyringException($"the desktop keyring asked for confirmation to {what}; unlock it and try again");
        }
    }

    private async Task<T> Call<T>(MessageBuffer message, MessageValueReader<T> read)
    {
        try
        {
            return await _connection.CallMethodAsync(message, read).ConfigureAwait(false);
        }
        catch (DBusExceptionBase ex)
        {
            throw new KeyringException($"the desktop keyring refused: {ex.Message}", ex);
        }
    }
}

/// <summary>The keyring could not be used; the message says why and never holds a secret.</summary>
public sealed class KeyringException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One provider's secrets as keyring items (application=tunmux, provider=P, name=N).</summary>
public sealed class KeyringSecretSlots(Func<SecretServiceClient> connect, string provider) : Core.Secrets.ISecretSlots
{
    public string Location => "the desktop keyring (Secret Service)";

    public string? Read(string name)
    {
        using var client = connect();
        var secret = client.LookupAsync(Attributes(name)).GetAwaiter().GetResult();
        return secret is null ? null : Encoding.UTF8.GetString(secret);
    }

    public void Write(string name, string text)
    {
        using var client = connect();
        client.StoreAsync($"tunmux {provider} {name}", Attributes(name), Encoding.UTF8.GetBytes(text)).GetAwaiter().GetResult();
    }

    public void Delete(string name)
    {
        using var client = connect();
        client.DeleteAsync(Attributes(name)).GetAwaiter().GetResult();
    }

    private Dictionary<string, string> Attributes(string name) => new(StringComparer.Ordinal)
    {
        ["application"] = "tunmux",
        ["provider"] = provider,
        ["name"] = name,
    };
}
