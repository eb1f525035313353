using System.Net.Sockets;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tunmux.Files;
using Tunmux.LineLogging;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Proxy;
using Tunmux.Proxy;

namespace Tunmux.ProxyWorker;

/// <summary>
/// Runs one proxy worker: binds its listeners in the listen namespace, says it is ready, serves
/// until SIGTERM (or cancellation), then drains; <see cref="ProxyWorkerSignals.Cut"/> stops it with
/// every open connection cut at once, for a worker whose tunnel is going away. Uses nothing of the CLI's command tree or console
/// rendering: it is the whole of the tunmux-proxy-worker executable (see <see cref="WorkerMain"/>).
/// </summary>
public static partial class ProxyWorkerHost
{
    public static async Task<int> RunAsync(ProxyWorkerArguments arguments, TextWriter error, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var socks = Endpoint(ProxyWorkerCommand.SocksOption, arguments.Socks, problems);
        var http = Endpoint(ProxyWorkerCommand.HttpOption, arguments.Http, problems);
        var options = ProxyOptionValues.Read(arguments.CredentialsFile, arguments.ConnectTimeout, arguments.HandshakeTimeout,
            arguments.IdleTimeout, arguments.MaxConnections, problems);
        var connector = ProxyOptionValues.Connector(arguments.Dns, problems);
        if (problems.Count == 0 && socks is null && http is null)
        {
            problems.Add($"give {ProxyWorkerCommand.SocksOption}, {ProxyWorkerCommand.HttpOption} or both.");
        }

        if (problems.Count > 0)
        {
            problems.ForEach(problem => error.WriteLine($"error {problem}"));
            return WorkerExitCodes.InvalidInput;
        }

        options = options with { Name = arguments.Name, AccessLogEnabled = arguments.AccessLog };
        ProxyListeners listeners;
        try
        {
            listeners = Bind(arguments.ListenNamespace, socks, http);
        }
        catch (Exception ex) when (ex is ListenerBindException or NetworkNamespaceException)
        {
            error.WriteLine($"error {ex.Message}");
            return WorkerExitCodes.Failed;
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var cut = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true; // drain instead of dying at once
            stopping.Cancel();
        });
        // A positive value is the raw signal number (PosixSignal names only the portable ones).
        using var interrupt = PosixSignalRegistration.Create((PosixSignal)ProxyWorkerSignals.Cut, signal =>
        {
            signal.Cancel = true; // cut, but still end in order (listeners closed, last counts written)
            cut.Cancel();
            stopping.Cancel();
        });

        if (arguments.ReadyFile is { } readyFile)
        {
            StateFile.WriteText(readyFile, $"{Environment.ProcessId}\n", StateFile.WorldReadable, StateFileDurability.Volatile);
        }

        using var loggers = new LineLoggerFactory(options.AccessLogEnabled ? LogLevel.Information : LogLevel.Warning, Console.Out, error);
        LogListening(loggers.CreateLogger("tunmux.proxy"), arguments.Name, socks?.ToString() ?? "off", http?.ToString() ?? "off");
        var server = new ProxyServer(options, loggers, connector);
        using var served = new CancellationTokenSource();
        var publishing = arguments.StatsFile is { } stats
            ? new ProxyStatsPublisher(stats, () => server.ConnectionCounts, Environment.ProcessId).RunAsync(ProxyStatsPublisher.DefaultInterval, TimeProvider.System, served.Token)
            : Task.CompletedTask;
        await server.RunAsync(listeners, stopping.Token, cut.Token);
        // Stopped only once the connections have drained, so the last counts written show them gone.
        await served.CancelAsync();
        await publishing;
        return WorkerExitCodes.Success;
    }

    /// <summary>
    /// "IP:PORT" or "[IPV6]:PORT" as tunmux itself writes them (the user's spelling was checked by
    /// `proxy serve` or the manifest validation). Not the full listen-address parser: that one loads
    /// the regular-expression engine, about 1 MiB more for every worker.
    /// </summary>
    private static IPEndPoint? Endpoint(string option, string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        problems.Add($"{option} {text}: expected IP:PORT or [IPV6]:PORT");
        return null;
    }

    /// <summary>SOCKS gets a TCP listener and a UDP socket on the same port (UDP ASSOCIATE); HTTP a TCP listener.</summary>
    private static ProxyListeners Bind(string listenNamespace, IPEndPoint? socks, IPEndPoint? http)
    {
        var bindings = new List<SocketBinding>();
        if (socks is not null)
        {
            bindings.Add(SocketBinding.Tcp(socks));
            bindings.Add(SocketBinding.Udp(socks));
        }

        if (http is not null)
        {
            bindings.Add(SocketBinding.Tcp(http));
        }

        var sockets = NamespaceSocketBinder.Bind(listenNamespace, bindings);
        var socksSockets = socks is null ? [] : sockets.Take(2).ToList();
        return new ProxyListeners(
            socksSockets.Where(s => s.ProtocolType == ProtocolType.Tcp).ToList(),
            socksSockets.Where(s => s.ProtocolType == ProtocolType.Udp).ToList(),
            http is null ? [] : [sockets[^1]]);
    }

    /// <summary>At warning level so that it shows with the access log off: the one line that says the worker serves.</summary>
    [LoggerMessage(40, LogLevel.Warning, "proxy {Name} listening: socks {Socks}, http {Http}")]
    private static partial void LogListening(ILogger logger, string name, string socks, string http);
}
