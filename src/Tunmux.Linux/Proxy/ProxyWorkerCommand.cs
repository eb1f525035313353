using Tunmux.Core.Model;

namespace Tunmux.Linux.Proxy;

/// <summary>
/// The command line of a proxy worker: <c>SELF proxy worker --name N --listen-netns PATH
/// --ready-file FILE [--socks IP:PORT] [--http IP:PORT] [--access-log]</c>. The worker runs
/// inside the tunnel's namespace, binds its listeners in the namespace at PATH (the host's)
/// and writes FILE once it listens.
/// </summary>
public static class ProxyWorkerCommand
{
    public const string NameOption = "--name";
    public const string ListenNetnsOption = "--listen-netns";
    public const string ReadyFileOption = "--ready-file";
    public const string StatsFileOption = "--stats-file";
    public const string SocksOption = "--socks";
    public const string HttpOption = "--http";
    public const string AccessLogOption = "--access-log";
    public const string CredentialsFileOption = "--credentials-file";
    public const string ConnectTimeoutOption = "--connect-timeout";
    public const string HandshakeTimeoutOption = "--handshake-timeout";
    public const string IdleTimeoutOption = "--idle-timeout";
    public const string MaxConnectionsOption = "--max-connections";

    public static IReadOnlyList<string> Build(
        IReadOnlyList<string> selfCommand, DesiredProxy proxy, string listenNamespacePath, string readyFile, string? statsFile = null)
    {
        ArgumentNullException.ThrowIfNull(selfCommand);
        ArgumentNullException.ThrowIfNull(proxy);
        var argv = new List<string>(selfCommand)
        {
            "proxy", "worker",
            NameOption, proxy.Name,
            ListenNetnsOption, listenNamespacePath,
            ReadyFileOption, readyFile,
        };
        if (statsFile is not null)
        {
            argv.AddRange([StatsFileOption, statsFile]);
        }

        if (proxy.Socks is { } socks)
        {
            argv.AddRange([SocksOption, socks.ToString()]);
        }

        if (proxy.Http is { } http)
        {
            argv.AddRange([HttpOption, http.ToString()]);
        }

        if (proxy.AccessLog)
        {
            argv.Add(AccessLogOption);
        }

        // The worker reads the credentials itself: a password never goes through argv.
        if (proxy.CredentialsFile is { } credentials)
        {
            argv.AddRange([CredentialsFileOption, credentials]);
        }

        var limits = proxy.Limits;
        AddDuration(argv, ConnectTimeoutOption, limits.ConnectTimeout);
        AddDuration(argv, HandshakeTimeoutOption, limits.HandshakeTimeout);
        AddDuration(argv, IdleTimeoutOption, limits.IdleTimeout);
        if (limits.MaxConnections is { } max)
        {
            argv.AddRange([MaxConnectionsOption, max.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return argv;
    }

    private static void AddDuration(List<string> argv, string option, TimeSpan? value)
    {
        if (value is { } duration)
        {
            argv.AddRange([option, ((long)duration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms"]);
        }
    }
}
