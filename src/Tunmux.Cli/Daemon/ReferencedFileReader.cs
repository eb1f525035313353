using System.Text;
using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// How the client reads a file a manifest names, as the calling user, before sending it to the
/// daemon: a regular file only (a FIFO would block, a device or a /proc file may never end),
/// size-capped, and a problem described without the content. Everything goes through
/// <see cref="Read"/>, so moving to another reader is one line.
/// </summary>
public static class ReferencedFileReader
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The file's text, or why it cannot be sent.</summary>
    public static (string? Content, string? Problem) Read(string path)
    {
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
            if (target.StartsWith("/proc/", StringComparison.Ordinal) || target.StartsWith("/sys/", StringComparison.Ordinal))
            {
                return (null, "not a regular file");
            }

            var status = FileStatus.Of(target);
            if (status is null)
            {
                return (null, "no such file");
            }

            if (!status.IsRegularFile)
            {
                return (null, "not a regular file");
            }

            using var stream = new FileStream(target, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite });
            var buffer = new byte[MaxBytes + 1];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read > MaxBytes ? (null, $"larger than {MaxBytes} bytes") : (Encoding.UTF8.GetString(buffer, 0, read), null);
        }
        catch (UnauthorizedAccessException)
        {
            return (null, "permission denied");
        }
        catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "no such file");
        }
        catch (IOException e) when (e.HResult == 13)
        {
            return (null, "permission denied");
        }
        catch (IOException)
        {
            return (null, "cannot be read");
        }
    }
}
