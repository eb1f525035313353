using System.Security.Cryptography;
using System.Text;
using Tunmux.Files;
using Tunmux.Runtime.State;

namespace Tunmux.Daemon.Control.Handling;

/// <summary>
/// The daemon's own copies of the files clients sent with their manifests, in a root-only folder,
/// named by a digest of their content (0600, never rewritten in place). Manifests applied through
/// the socket point at these copies, so the controller reads what the client sent and never a
/// path the client named.
/// </summary>
public sealed class ForwardedFileStore(string directory)
{
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Directory => directory;

    /// <summary>Keeps <paramref name="content"/> and returns the path of the daemon's copy.</summary>
    public string Put(string content)
    {
        System.IO.Directory.CreateDirectory(directory, PrivateFolder);
        File.SetUnixFileMode(directory, PrivateFolder);
        var path = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))));
        if (!File.Exists(path))
        {
            StateFile.WriteText(path, content);
        }

        return path;
    }

    public bool Owns(string path) => Path.GetDirectoryName(path) == directory;

    /// <summary>Removes every copy no path in <paramref name="inUse"/> names (an object deleted or changed took its files with it).</summary>
    public void Prune(IReadOnlySet<string> inUse)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(directory))
        {
            if (!inUse.Contains(file) && !Path.GetFileName(file).StartsWith('.'))
            {
                File.Delete(file);
            }
        }
    }
}
