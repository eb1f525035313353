using Tunmux.Core.Secrets;
using Tunmux.Files;

namespace Tunmux.Providers.Storage;

/// <summary>Secrets as files under one folder (folders 0700, files 0600, written atomically): credential_store = "file".</summary>
public sealed class FileSecretSlots(string directory) : ISecretSlots
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Location => directory;

    public string? Read(string name)
    {
        var path = PathOf(name);
        return StateFile.TryReadText(path);
    }

    public void Write(string name, string text)
    {
        var path = PathOf(name);
        var folder = Path.GetDirectoryName(path)!;
        foreach (var level in new[] { directory, folder }.Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(level);
            File.SetUnixFileMode(level, PrivateDirectory);
        }

        StateFile.WriteText(path, text);
    }

    public void Delete(string name)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Names are the store's own ("sessions/alice.json"), never a user's path; still, nothing leaves the folder.</summary>
    private string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(directory, name));
        return path.StartsWith(Path.GetFullPath(directory) + "/", StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"secret name {name} leaves its folder", nameof(name));
    }
}
