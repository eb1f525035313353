using System.Text;

namespace Tunmux.Runtime.Settings.Config;

/// <summary>
/// Where config.toml lives and how it is read: the user's (TUNMUX_CONFIG_DIR, else
/// XDG_CONFIG_HOME/tunmux, else ~/.config/tunmux) for the CLI, /etc/tunmux/config.toml for the
/// daemon. A missing file means the defaults; a file over <see cref="MaxBytes"/> is refused.
/// </summary>
public static class TunmuxConfigFile
{
    public const string FileName = "config.toml";
    public const string SystemPath = "/etc/tunmux/config.toml";

    /// <summary>A settings file is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The user's folder for tunmux: config.toml and the providers' files.</summary>
    public static string UserDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("TUNMUX_CONFIG_DIR") is { Length: > 0 } explicitRoot)
        {
            return explicitRoot;
        }

        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(environment("HOME") ?? "/root", ".config");
        return Path.Combine(configHome, "tunmux");
    }

    public static string UserPath(Func<string, string?> environment) => Path.Combine(UserDirectory(environment), FileName);

    public static ConfigLoad LoadUser(Func<string, string?> environment) => Load(UserPath(environment));

    /// <summary>The file's settings; the defaults when it does not exist.</summary>
    public static ConfigLoad Load(string path)
    {
        string text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (!stream.CanSeek || stream.Length > MaxBytes)
            {
                return Failed(path, $"not a regular file of at most {MaxBytes} bytes");
            }

            var buffer = new byte[MaxBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxBytes)
            {
                return Failed(path, $"larger than {MaxBytes} bytes");
            }

            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ConfigLoad(TunmuxConfig.Default, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            return Failed(path, ex is DecoderFallbackException ? "not UTF-8 text" : ex.Message);
        }

        return TunmuxConfigParser.Parse(text, path);
    }

    private static ConfigLoad Failed(string path, string reason) => new(TunmuxConfig.Default, [$"{path}: {reason}"]);
}
