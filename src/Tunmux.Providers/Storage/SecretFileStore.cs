using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tunmux.Api.Files;
using Tunmux.Files;

namespace Tunmux.Providers.Storage;

/// <summary>
/// JSON files that may hold secrets (sessions, tokens, keys): folder 0700, files 0600, written
/// atomically so a crash or a failed login never leaves half a session behind.
/// </summary>
public sealed class SecretFileStore(string directory)
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Directory { get; } = directory;

    public string PathOf(string name) => Path.Combine(Directory, name);

    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>The file's value, or default when there is none. Metadata comes from a source-generated context (no reflection).</summary>
    public T? Read<T>(string name, JsonTypeInfo<T> type)
    {
        var path = PathOf(name);
        return StateFile.TryReadText(path) is { } text ? JsonSerializer.Deserialize(text, type) : default;
    }

    /// <summary>Every readable "NAME.json" in the folder, by NAME in ordinal order (e.g. one choice per tunnel).</summary>
    public IReadOnlyList<(string Name, T Value)> ReadAll<T>(JsonTypeInfo<T> type)
        where T : class
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return
        [
            .. System.IO.Directory.GetFiles(Directory, "*.json")
                .Select(file => Path.GetFileNameWithoutExtension(file))
                .Order(StringComparer.Ordinal)
                .Select(name => (Name: name, Value: Read(name + ".json", type)))
                .Where(entry => entry.Value is not null)
                .Select(entry => (entry.Name, entry.Value!)),
        ];
    }

    public void Write<T>(string name, T value, JsonTypeInfo<T> type)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, PrivateDirectory);
        StateFile.WriteText(PathOf(name), JsonSerializer.Serialize(value, type));
    }

    /// <summary>A plain text file (a marker), with the same folder and file modes.</summary>
    public void WriteText(string name, string text)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, PrivateDirectory);
        StateFile.WriteText(PathOf(name), text);
    }

    public void Delete(string name)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
