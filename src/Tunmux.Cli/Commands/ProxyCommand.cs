using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Linux.Proxy;
using Tunmux.ProxyWorker;

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
        command.Subcommands.Add(BuildWorker());
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
            var problems = new List<string>();
            var socksEndpoint = ProxyOptionValues.Endpoint("--socks", parse.GetValue(socks), problems);
            var httpEndpoint = ProxyOptionValues.Endpoint("--http", parse.GetValue(http), problems);
            if (problems.Count == 0 && socksEndpoint is null && httpEndpoint is null)
            {
                problems.Add("give --socks, --http or both.");
            }

            foreach (var problem in problems)
            {
                context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(problem)}");
            }

            if (problems.Count > 0 || limits.Read(parse, context) is null)
            {
                return ExitCodes.InvalidInput;
            }

            var worker = WorkerArgv("serve", $"/proc/{Environment.ProcessId}/ns/net", null,
                socksEndpoint?.ToString(), httpEndpoint?.ToString(), parse.GetValue(accessLog), limits.PassThrough(parse));
            if (parse.GetValue(netns) is { } name)
            {
                return await RunInNamespaceAsync(name, worker, cancellationToken);
            }

            // The same engine as a tunnel's worker, in a fresh process image: without the CLI's libraries
            // loaded, and with the proxy runtime settings, which only take effect from start-up.
            if (SelfExec.IsTunmuxProcess)
            {
                var failure = SelfExec.Exec([.. SelfCommand.ProxyWorkerArgv(), .. worker[2..]], ProxyRuntimeSettings.Missing(Environment.GetEnvironmentVariables()));
                context.Error.MarkupLine($"[yellow]warning[/] could not start the lean proxy process ({SafeText.Markup(failure)}); serving from this one");
            }

            return await ProxyWorkerHost.RunAsync(ProxyWorkerCommand.TryParse(worker[2..], out _)!, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Hidden: what tunnels run inside their namespace. The real binary takes the lean path in
    /// <see cref="Tunmux.Cli.ProxyWorker.ProxyWorkerMain"/> and never gets here; this keeps the command (help, in-process use) working.
    /// </summary>
    private static Command BuildWorker()
    {
        var name = new Option<string>(ProxyWorkerCommand.NameOption) { Required = true };
        var listenNetns = new Option<string>(ProxyWorkerCommand.ListenNetnsOption) { Required = true };
        var readyFile = new Option<string?>(ProxyWorkerCommand.ReadyFileOption).AsPath();
        var statsFile = new Option<string?>(ProxyWorkerCommand.StatsFileOption).AsPath();
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
            var worker = WorkerArgv(parse.GetValue(name)!, parse.GetValue(listenNetns)!, parse.GetValue(readyFile),
                parse.GetValue(socks), parse.GetValue(http), parse.GetValue(accessLog), limits.PassThrough(parse), parse.GetValue(statsFile));
            return await ProxyWorkerHost.RunAsync(ProxyWorkerCommand.TryParse(worker[2..], out _)!, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary><c>proxy worker</c> and its options, as <see cref="ProxyWorkerCommand.TryParse"/> reads them.</summary>
    private static List<string> WorkerArgv(
        string name, string listenNamespace, string? readyFile, string? socks, string? http, bool accessLog, IReadOnlyList<string> limitArgs, string? statsFile = null)
    {
        var argv = new List<string> { "proxy", "worker", ProxyWorkerCommand.NameOption, name, ProxyWorkerCommand.ListenNetnsOption, listenNamespace };
        foreach (var (option, value) in new[]
        {
            (ProxyWorkerCommand.ReadyFileOption, readyFile), (ProxyWorkerCommand.StatsFileOption, statsFile),
            (ProxyWorkerCommand.SocksOption, socks), (ProxyWorkerCommand.HttpOption, http),
        })
        {
            if (value is not null)
            {
                argv.AddRange([option, value]);
            }
        }

        if (accessLog)
        {
            argv.Add(ProxyWorkerCommand.AccessLogOption);
        }

        argv.AddRange(limitArgs);
        return argv;
    }

    /// <summary>
    /// Runs a worker inside the named namespace (ip netns exec also gives it that namespace's
    /// resolv.conf) that binds its listeners in ours, and stays in front of it until it ends.
    /// </summary>
    private static async Task<int> RunInNamespaceAsync(string netns, IReadOnlyList<string> worker, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Tunmux.Linux.Processes.SystemPrograms.ResolveOrMissing("ip")) { UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", netns }.Concat(SelfCommand.ProxyWorkerArgv()).Concat(worker.Skip(2)))
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (variable, value) in ProxyRuntimeSettings.Missing(Environment.GetEnvironmentVariables()))
        {
            startInfo.Environment[variable] = value;
        }

        using var process = Process.Start(startInfo)!;
        using var forward = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            Terminate(process.Id);
        });
        await using var onCancel = cancellationToken.Register(() => Terminate(process.Id));
        await process.WaitForExitAsync(CancellationToken.None);
        return process.ExitCode;
    }

    private static void Terminate(int pid) => _ = kill(pid, 15);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
