namespace Tunmux.Linux.Direct;

/// <summary>
/// The programs direct mode runs, by absolute path only: the daemon is root, so a program found
/// through PATH or the working directory could be anyone's. Each is the first of a fixed list of
/// distribution locations that exists.
/// </summary>
public sealed record DirectPrograms(string Nft, string Ip, string Wg, string WgQuick, string WireGuardGo, string Tcpdump)
{
    public static DirectPrograms System { get; } = new(
        First("/usr/sbin/nft", "/sbin/nft"),
        First("/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip", "/bin/ip"),
        First("/usr/bin/wg", "/usr/sbin/wg"),
        First("/usr/bin/wg-quick", "/usr/sbin/wg-quick"),
        First("/usr/bin/wireguard-go", "/usr/sbin/wireguard-go", "/usr/local/bin/wireguard-go"),
        First("/usr/bin/tcpdump", "/usr/sbin/tcpdump"));

    /// <summary>The environment wg-quick (a shell script) gets: a fixed PATH of system directories.</summary>
    public static IReadOnlyDictionary<string, string> ScriptEnvironment { get; } = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
    };

    private static string First(params string[] candidates) => candidates.FirstOrDefault(File.Exists) ?? candidates[0];
}
