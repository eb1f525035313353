using Tunmux.Files;
namespace Tunmux.Lab;

/// <summary>
/// Files and folders only their owner can read: the lab directory holds private keys.
/// A file is 0600 from its first byte: a temporary file is created with that mode, filled,
/// then renamed over the target.
/// </summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    public static void Write(string path, string content)
    {
        StateFile.WriteText(path, content, OwnerOnly);
    }

    /// <summary>Creates the directory (0700) if needed and tightens an existing one; true when it was created.</summary>
    public static bool EnsureDirectory(string path)
    {
        var created = !Directory.Exists(path);
        Directory.CreateDirectory(path, OwnerOnlyDirectory);
        File.SetUnixFileMode(path, OwnerOnlyDirectory);
        return created;
    }
}
