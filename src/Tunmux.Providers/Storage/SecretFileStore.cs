using System.Text.Json;
using Tunmux.Api.Files;
using Tunmux.Runtime.State;

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

    public T? Read<T>(string name, JsonSerializerOptions options)
    {
        var path = PathOf(name);
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(ReferencedFile.ReadAllText(path), options) : default;
    }

    /// <summary>Every readable "NAME.json" in the folder, by NAME in ordinal order (e.g. one choice per tunnel).</summary>
    public IReadOnlyList<(string Name, T Value)> ReadAll<T>(JsonSerializerOptions options)
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
                .Select(name => (Name: name, Value: Read<T>(name + ".json", options)))
                .Where(entry => entry.Value is not null)
                .Select(entry => (entry.Name, entry.Value!)),
        ];
    }

    public void Write<T>(string name, T value, JsonSerializerOptions options)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, PrivateDirectory);
        AtomicFile.WriteAllText(PathOf(name), JsonSerializer.Serialize(value, options));
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
