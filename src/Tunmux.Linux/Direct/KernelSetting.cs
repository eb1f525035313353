namespace Tunmux.Linux.Direct;

/// <summary>
/// A sysctl read and written through /proc/sys of the namespace this process is in (no program
/// needed). The key is checked so it can only name a file below /proc/sys/net.
/// </summary>
public static class KernelSetting
{
    public static string Read(string key) => File.ReadAllText(PathOf(key)).Trim();

    public static void Write(string key, string value) => File.WriteAllText(PathOf(key), value + "\n");

    private static string PathOf(string key)
    {
        if (!key.StartsWith("net.", StringComparison.Ordinal) || key.Split('.').Any(part => part.Length == 0 || part is ".." || part.Contains('/', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"\"{key}\" is not a network sysctl", nameof(key));
        }

        return "/proc/sys/" + key.Replace('.', '/');
    }
}
