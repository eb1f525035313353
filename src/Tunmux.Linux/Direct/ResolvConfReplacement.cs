using System.Text;
using System.Text.Json;
using Tunmux.Files;

namespace Tunmux.Linux.Direct;

/// <summary>
/// DNS for a host without systemd-resolved: /etc/resolv.conf is replaced with the tunnel's servers
/// and restored byte for byte on removal. The original is saved once, before the first change, in a
/// backup that a later pass never overwrites (so a crash between save and restore keeps the real
/// original). A file that is a mount point (containers bind-mount it) is written in place, since a
/// rename over a mount point fails or would hide the mount; a symbolic link is recorded as a link
/// and recreated as one.
/// </summary>
public sealed class ResolvConfReplacement(string resolvConfPath, string backupPath, MountTable mounts)
{
    /// <summary>The resolv.conf this instance manages (the host's, or a test's private copy).</summary>
    public string FilePath => resolvConfPath;

    /// <summary>The file tunmux wants; writes it (saving the original first) unless it already says exactly that.</summary>
    public void Ensure(IReadOnlyList<string> nameservers)
    {
        ArgumentNullException.ThrowIfNull(nameservers);
        var wanted = Render(nameservers);
        if (!File.Exists(backupPath))
        {
            Save();
        }

        var info = new FileInfo(resolvConfPath);
        if (info.LinkTarget is null && info.Exists && File.ReadAllText(resolvConfPath) == wanted)
        {
            return;
        }

        Write(Encoding.UTF8.GetBytes(wanted));
    }

    /// <summary>Puts the original back and forgets the backup; nothing to do when tunmux never changed the file.</summary>
    public void Restore()
    {
        if (!File.Exists(backupPath))
        {
            return;
        }

        var saved = JsonSerializer.Deserialize(StateFile.ReadText(backupPath), ResolvConfBackupJson.Default.ResolvConfBackup)
            ?? throw new InvalidDataException($"{backupPath} is empty");
        if (saved.LinkTarget is { } target)
        {
            File.Delete(resolvConfPath);
            File.CreateSymbolicLink(resolvConfPath, target);
        }
        else if (saved.Content is { } content)
        {
            Write(Convert.FromBase64String(content));
        }
        else
        {
            File.Delete(resolvConfPath);
        }

        File.Delete(backupPath);
    }

    public static string Render(IReadOnlyList<string> nameservers)
    {
        ArgumentNullException.ThrowIfNull(nameservers);
        var text = new StringBuilder("# Written by tunmux for its direct tunnel; the original comes back when the tunnel is deleted.\n");
        foreach (var server in nameservers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }

        return text.ToString();
    }

    private void Save()
    {
        var info = new FileInfo(resolvConfPath);
        var backup = info.LinkTarget is { } target
            ? new ResolvConfBackup(target, null)
            : info.Exists ? new ResolvConfBackup(null, Convert.ToBase64String(File.ReadAllBytes(resolvConfPath))) : new ResolvConfBackup(null, null);
        Directory.CreateDirectory(Path.GetDirectoryName(backupPath)!);
        StateFile.WriteText(backupPath, JsonSerializer.Serialize(backup, ResolvConfBackupJson.Default.ResolvConfBackup));
    }

    private void Write(byte[] content)
    {
        var info = new FileInfo(resolvConfPath);
        if (info.LinkTarget is null && mounts.IsMountPoint(resolvConfPath))
        {
            // In place: truncate and write the same inode the mount refers to.
            using var stream = new FileStream(resolvConfPath, FileMode.Truncate, FileAccess.Write);
            stream.Write(content);
            return;
        }

        // The rename replaces a link itself, never the file it points to.
        StateFile.Write(resolvConfPath, content, StateFile.WorldReadable);
    }
}

/// <summary>What /etc/resolv.conf was: a link (its target), a file (its bytes, base64) or absent (both null).</summary>
public sealed record ResolvConfBackup(string? LinkTarget, string? Content);

[System.Text.Json.Serialization.JsonSerializable(typeof(ResolvConfBackup))]
internal sealed partial class ResolvConfBackupJson : System.Text.Json.Serialization.JsonSerializerContext;
