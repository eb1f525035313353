using Tunmux.Core.Model;

namespace Tunmux.Linux.Proxy;

/// <summary>
/// The command line of a proxy worker: <c>WORKER --name N --listen-netns PATH
/// --ready-file FILE [--socks IP:PORT] [--http IP:PORT] [--access-log] [--dns IP,IP|none]</c>.
/// The worker runs inside the tunnel's namespace, binds its listeners in the namespace at PATH
/// (the host's) and writes FILE once it listens. With --dns it resolves target names only through
/// those servers (none: no name resolves), never through the host's resolver.
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
    public const string DnsOption = "--dns";

    /// <summary>The --dns value for a tunnel without DNS servers: names do not resolve at all.</summary>
    public const string NoDns = "none";

    private static readonly HashSet<string> ValueOptions =
    [
        NameOption, ListenNetnsOption, ReadyFileOption, StatsFileOption, SocksOption, HttpOption, CredentialsFileOption,
        ConnectTimeoutOption, HandshakeTimeoutOption, IdleTimeoutOption, MaxConnectionsOption, DnsOption,
    ];

    public static IReadOnlyList<string> Build(
        IReadOnlyList<string> workerCommand, DesiredProxy proxy, string listenNamespacePath, string readyFile, string? statsFile = null,
        IReadOnlyList<System.Net.IPAddress>? dnsServers = null)
    {
        ArgumentNullException.ThrowIfNull(workerCommand);
        ArgumentNullException.ThrowIfNull(proxy);
        var argv = new List<string>(workerCommand)
        {
            NameOption, proxy.Name,
            ListenNetnsOption, listenNamespacePath,
            ReadyFileOption, readyFile,
        };
        if (statsFile is not null)
        {
            argv.AddRange([StatsFileOption, statsFile]);
        }

        if (dnsServers is not null)
        {
            argv.AddRange([DnsOption, dnsServers.Count == 0 ? NoDns : string.Join(',', dnsServers)]);
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

    /// <summary>
    /// Reads a worker command line (the part after <c>proxy worker</c>), as <see cref="Build"/> writes it;
    /// <c>--option=value</c> is accepted too. Null, with the reason in <paramref name="error"/>, when it is not one.
    /// </summary>
    public static ProxyWorkerArguments? TryParse(IReadOnlyList<string> args, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var accessLog = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (option, inline) = SplitInline(args[i]);
            if (option == AccessLogOption && inline is null)
            {
                accessLog = true;
                continue;
            }

            if (!ValueOptions.Contains(option))
            {
                error = $"unknown option or argument '{args[i]}'";
                return null;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                error = $"option '{option}' needs a value";
                return null;
            }

            values[option] = value;
        }

        if (!values.TryGetValue(NameOption, out var name) || !values.TryGetValue(ListenNetnsOption, out var listenNetns))
        {
            error = $"options '{NameOption}' and '{ListenNetnsOption}' are required";
            return null;
        }

        error = "";
        return new ProxyWorkerArguments(name, listenNetns)
        {
            ReadyFile = values.GetValueOrDefault(ReadyFileOption),
            StatsFile = values.GetValueOrDefault(StatsFileOption),
            Socks = values.GetValueOrDefault(SocksOption),
            Http = values.GetValueOrDefault(HttpOption),
            AccessLog = accessLog,
            CredentialsFile = values.GetValueOrDefault(CredentialsFileOption),
            ConnectTimeout = values.GetValueOrDefault(ConnectTimeoutOption),
            HandshakeTimeout = values.GetValueOrDefault(HandshakeTimeoutOption),
            IdleTimeout = values.GetValueOrDefault(IdleTimeoutOption),
            MaxConnections = values.GetValueOrDefault(MaxConnectionsOption),
            Dns = values.GetValueOrDefault(DnsOption),
        };
    }

    private static (string Option, string? Inline) SplitInline(string arg)
    {
        var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
        return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
    }

    private static void AddDuration(List<string> argv, string option, TimeSpan? value)
    {
        if (value is { } duration)
        {
            argv.AddRange([option, ((long)duration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms"]);
        }
    }
}
