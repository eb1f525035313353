using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Proxy;
using Tunmux.Proxy;

namespace Tunmux.Cli.Commands;

/// <summary>
/// `proxy serve` runs the SOCKS5 + HTTP engine on its own (no manifest), optionally leaving
/// through a named network namespace; `proxy worker` is what tunnels run inside their
/// namespace (hidden: started by tunmux itself).
/// </summary>
public static class ProxyCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("proxy", "Run the SOCKS5 + HTTP proxy engine on its own.");
        command.Subcommands.Add(BuildServe(context));
        command.Subcommands.Add(BuildWorker(context));
        return command;
    }

    private static Command BuildServe(CliContext context)
    {
        var socks = new Option<string?>("--socks") { Description = "SOCKS5/SOCKS4 listen address, e.g. 127.0.0.1:1080." };
        var http = new Option<string?>("--http") { Description = "HTTP proxy listen address, e.g. 127.0.0.1:8118." };
        var netns = new Option<string?>("--netns") { Description = "Leave through this network namespace (listeners stay here)." };
        var accessLog = new Option<bool>("--access-log") { Description = "Log one line per connection to standard output." };
        var limits = new WorkerLimitOptions();
        var command = new Command("serve", "Listen here and relay through this host or through --netns NAME.") { socks, http, netns, accessLog };
        limits.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var socksEndpoint = ParseEndpoint(context, "--socks", parse.GetValue(socks));
            var httpEndpoint = ParseEndpoint(context, "--http", parse.GetValue(http));
            if (socksEndpoint.Failed || httpEndpoint.Failed)
            {
                return ExitCodes.InvalidInput;
            }

            if (socksEndpoint.Value is null && httpEndpoint.Value is null)
            {
                context.Error.MarkupLine("[red]error[/] give --socks, --http or both.");
                return ExitCodes.InvalidInput;
            }

            if (limits.Read(parse, context) is not { } options)
            {
                return ExitCodes.InvalidInput;
            }

            var listenNamespace = $"/proc/{Environment.ProcessId}/ns/net";
            if (parse.GetValue(netns) is { } name)
            {
                return await RunInNamespaceAsync(name, listenNamespace, socksEndpoint.Value, httpEndpoint.Value, parse.GetValue(accessLog), limits.PassThrough(parse), cancellationToken);
            }

            return await ServeAsync(context, "serve", listenNamespace, socksEndpoint.Value, httpEndpoint.Value,
                options with { AccessLogEnabled = parse.GetValue(accessLog) }, new WorkerFiles(null, null), cancellationToken);
        });
        return command;
    }

    private static Command BuildWorker(CliContext context)
    {
        var name = new Option<string>(ProxyWorkerCommand.NameOption) { Required = true };
        var listenNetns = new Option<string>(ProxyWorkerCommand.ListenNetnsOption) { Required = true };
        var readyFile = new Option<string?>(ProxyWorkerCommand.ReadyFileOption);
        var statsFile = new Option<string?>(ProxyWorkerCommand.StatsFileOption);
        var socks = new Option<string?>(ProxyWorkerCommand.SocksOption);
        var http = new Option<string?>(ProxyWorkerCommand.HttpOption);
        var accessLog = new Option<bool>(ProxyWorkerCommand.AccessLogOption);
        var limits = new WorkerLimitOptions();
        var command = new Command("worker", "Internal: the proxy process of one Proxy object.")
        {
            name, listenNetns, readyFile, statsFile, socks, http, accessLog,
        };
        limits.AddTo(command);
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var socksEndpoint = ParseEndpoint(context, "--socks", parse.GetValue(socks));
            var httpEndpoint = ParseEndpoint(context, "--http", parse.GetValue(http));
            if (socksEndpoint.Failed || httpEndpoint.Failed)
            {
                return ExitCodes.InvalidInput;
            }

            if (limits.Read(parse, context) is not { } options)
            {
                return ExitCodes.InvalidInput;
            }

            return await ServeAsync(context, parse.GetValue(name)!, parse.GetValue(listenNetns)!, socksEndpoint.Value, httpEndpoint.Value,
                options with { AccessLogEnabled = parse.GetValue(accessLog) }, new WorkerFiles(parse.GetValue(readyFile), parse.GetValue(statsFile)), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ServeAsync(
        CliContext context, string name, string listenNamespace, IPEndPoint? socks, IPEndPoint? http, ProxyServerOptions options, WorkerFiles files, CancellationToken cancellationToken)
    {
        ProxyListeners listeners;
        try
        {
            listeners = Bind(listenNamespace, socks, http);
        }
        catch (Exception ex) when (ex is ListenerBindException or NetworkNamespaceException)
        {
            context.Error.MarkupLine($"[red]error[/] {Markup.Escape(ex.Message)}");
            return ExitCodes.Failed;
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true; // drain instead of dying at once
            stopping.Cancel();
        });

        if (files.Ready is { } readyFile)
        {
            var temporary = readyFile + ".tmp";
            await File.WriteAllTextAsync(temporary, $"{Environment.ProcessId}\n", CancellationToken.None);
            File.Move(temporary, readyFile, overwrite: true);
        }

        var loggers = Logging.Worker(options.AccessLogEnabled ? LogLevel.Information : LogLevel.Warning);
        loggers.CreateLogger("tunmux.proxy").LogWarning("proxy {Name} listening: socks {Socks}, http {Http}", name, socks?.ToString() ?? "off", http?.ToString() ?? "off");
        var server = new ProxyServer(options with { Name = name }, loggers);
        using var served = new CancellationTokenSource();
        var publishing = files.Stats is { } stats
            ? new ProxyStatsPublisher(stats, () => server.ConnectionCounts, Environment.ProcessId).RunAsync(ProxyStatsPublisher.DefaultInterval, TimeProvider.System, served.Token)
            : Task.CompletedTask;
        await server.RunAsync(listeners, stopping.Token);
        // Stopped only once the connections have drained, so the last counts written show them gone.
        await served.CancelAsync();
        await publishing;
        return ExitCodes.Success;
    }

    /// <summary>The files a worker started by tunmux keeps: its ready file and its stats file.</summary>
    private sealed record WorkerFiles(string? Ready, string? Stats);

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

    /// <summary>
    /// Runs a worker inside the named namespace (ip netns exec also gives it that namespace's
    /// resolv.conf) that binds its listeners in ours, and stays in front of it until it ends.
    /// </summary>
    private static async Task<int> RunInNamespaceAsync(
        string netns, string listenNamespace, IPEndPoint? socks, IPEndPoint? http, bool accessLog, IReadOnlyList<string> limitArgs, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", netns }.Concat(SelfCommand.Argv()).Concat(["proxy", "worker", "--name", "serve", "--listen-netns", listenNamespace]))
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (option, endpoint) in new[] { ("--socks", socks), ("--http", http) })
        {
            if (endpoint is not null)
            {
                startInfo.ArgumentList.Add(option);
                startInfo.ArgumentList.Add(endpoint.ToString());
            }
        }

        if (accessLog)
        {
            startInfo.ArgumentList.Add("--access-log");
        }

        foreach (var arg in limitArgs)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var worker = Process.Start(startInfo)!;
        using var forward = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            Terminate(worker.Id);
        });
        await using var onCancel = cancellationToken.Register(() => Terminate(worker.Id));
        await worker.WaitForExitAsync(CancellationToken.None);
        return worker.ExitCode;
    }

    private static void Terminate(int pid) => _ = kill(pid, 15);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static (IPEndPoint? Value, bool Failed) ParseEndpoint(CliContext context, string option, string? text)
    {
        if (text is null)
        {
            return (null, false);
        }

        if (Api.ListenAddress.TryParse(text, out var address, out var port, out var error) && port != 0)
        {
            return (new IPEndPoint(address, port), false);
        }

        context.Error.MarkupLine($"[red]error[/] {option} {Markup.Escape(text)}: {Markup.Escape(port == 0 && error.Length == 0 ? "a port is required" : error)}");
        return (null, true);
    }
}
