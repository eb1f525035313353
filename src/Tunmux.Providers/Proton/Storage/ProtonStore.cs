using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Tunmux.Core.Secrets;
using Tunmux.Providers.Proton.Sessions;
using Tunmux.Providers.Storage;

namespace Tunmux.Providers.Proton.Storage;

/// <summary>
/// Proton's files in one folder (0700; files 0600, written atomically): a session per account under
/// sessions/, the default account, the cached server list and the server chosen for each tunnel.
/// </summary>
public sealed partial class ProtonStore
{
    public const string ProviderName = "proton";

    private const string DefaultAccountFile = "default-account.json";
    private const string ServersFile = "servers.json";
    private const string ChoicesFile = "choices.json";

    private static ProtonStoreJsonContext Json => ProtonStoreJsonContext.Default;

    private const string SessionsFolder = "sessions";

    private readonly SecretFileStore _root;
    private readonly SecretFileStore _sessions;
    private readonly ISecretSlots _secrets;

    /// <param name="secrets">Where sessions and the default account are kept (credential_store); files in <paramref name="directory"/> when null.</param>
    public ProtonStore(string directory, ISecretSlots? secrets = null)
    {
        _root = new SecretFileStore(directory);
        _sessions = new SecretFileStore(Path.Combine(directory, SessionsFolder));
        _secrets = secrets ?? new FileSecretSlots(directory);
    }

    /// <summary>Where sessions are kept, for messages: the folder, or the keyring.</summary>
    public string SecretsLocation => _secrets.Location;

    public string Directory => _root.Directory;

    /// <summary>The user's folder (~/.config/tunmux/proton, or under TUNMUX_CONFIG_DIR).</summary>
    public static ProtonStore ForUser(Func<string, string?>? environment = null, ISecretSlots? secrets = null) =>
        new(ProviderDirectories.ForUser(ProviderName, environment), secrets);

    public string? DefaultUsername => ReadSecret(DefaultAccountFile, Json.DefaultAccount)?.Username;

    /// <summary>The session of <paramref name="username"/>, or of the default account when null.</summary>
    public ProtonSession? LoadSession(string? username = null)
    {
        var name = username ?? DefaultUsername;
        return name is null ? null : ReadSecret(SessionSlot(name), Json.ProtonSession);
    }

    /// <summary>Stores a complete session; the first one stored, or one stored by login, becomes the default.</summary>
    public void SaveSession(ProtonSession session, bool makeDefault)
    {
        ArgumentNullException.ThrowIfNull(session);
        _secrets.Write(SessionSlot(session.Username), JsonSerializer.Serialize(session, Json.ProtonSession));
        if (makeDefault || DefaultUsername is null)
        {
            _secrets.Write(DefaultAccountFile, JsonSerializer.Serialize(new DefaultAccount(session.Username), Json.DefaultAccount));
        }
    }

    public void DeleteSession(string username)
    {
        _secrets.Delete(SessionSlot(username));
        if (string.Equals(DefaultUsername, username, StringComparison.OrdinalIgnoreCase))
        {
            _secrets.Delete(DefaultAccountFile);
        }
    }

    public ServerCache? LoadServers() => ReadFile(_root, ServersFile, Json.ServerCache);

    public void SaveServers(ServerCache cache) => _root.Write(ServersFile, cache, Json.ServerCache);

    public ServerChoice? LoadChoice(string tunnel) =>
        (ReadFile(_root, ChoicesFile, Json.DictionaryStringServerChoice) ?? []).GetValueOrDefault(tunnel);

    public void SaveChoice(string tunnel, ServerChoice? choice)
    {
        var choices = ReadFile(_root, ChoicesFile, Json.DictionaryStringServerChoice) ?? new Dictionary<string, ServerChoice>(StringComparer.Ordinal);
        if (choice is null)
        {
            choices.Remove(tunnel);
        }
        else
        {
            choices[tunnel] = choice;
        }

        _root.Write(ChoicesFile, choices, Json.DictionaryStringServerChoice);
    }

    /// <summary>Where a session file lives (for messages; never its content).</summary>
    public string SessionPath(string username) => _sessions.PathOf(FileNameOf(username));

    /// <summary>A file name for a user name: the name itself when it is plain, else a digest of it.</summary>
    public static string FileNameOf(string username)
    {
        var lower = username.Trim().ToLowerInvariant();
        return PlainName().IsMatch(lower) && !lower.Contains("..", StringComparison.Ordinal)
            ? $"{lower}.json"
            : $"x-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lower)))[..24]}.json";
    }

    private static string SessionSlot(string username) => SessionsFolder + "/" + FileNameOf(username);

    private T? ReadSecret<T>(string name, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return _secrets.Read(name) is { } text ? JsonSerializer.Deserialize(text, type) : null;
        }
        catch (JsonException)
        {
            // A damaged entry is treated as missing: the next login writes it whole again.
            return null;
        }
    }

    private static T? ReadFile<T>(SecretFileStore store, string name, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return store.Read(name, type);
        }
        catch (JsonException)
        {
            // A damaged file is treated as missing: the next login or fetch writes it whole again.
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._@+-]{0,127}$")]
    private static partial Regex PlainName();
}
