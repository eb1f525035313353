using System.Text.Json.Nodes;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Daemon.Autostop;
using Tunmux.Daemon.Control;
using Tunmux.Linux.Processes;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// The daemon's side of forwarded commands: runs the same tunmux command in-process against
/// the daemon's host, with the client's manifest texts, and returns what it printed.
/// </summary>
/// <param name="leases">An autostarted helper's leases and idle clock; null for a daemon that stops only when told.</param>
public sealed class CliControlHandler(CliContext daemonContext, Action afterChange, HelperLeases? leases = null) : IControlHandler
{
    public async Task<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        leases?.Touch();
        switch (request.Kind)
        {
            case DaemonForwarding.LeaseAcquireRequest or DaemonForwarding.LeaseReleaseRequest:
                return Lease(request.Kind, peer);
            case "ping":
                return ControlResponse.Success(new JsonObject { ["pid"] = Environment.ProcessId, ["protocol"] = ControlProtocol.Version });
            case DaemonForwarding.RunRequest:
                return await RunAsync(request.Body, peer, cancellationToken);
            default:
                return ControlResponse.Failure($"unknown request kind '{request.Kind}'");
        }
    }

    /// <summary>A lease is the peer's process (from the kernel's peer credentials, never from the request), so it also ends when that process dies.</summary>
    private ControlResponse Lease(string kind, PeerCredentials peer)
    {
        if (leases is null)
        {
            return ControlResponse.Success(new JsonObject { ["leases"] = false });
        }

        if (ProcStat.Capture(peer.Pid) is not { } holder)
        {
            return ControlResponse.Failure("the process asking for a lease is gone");
        }

        if (kind == DaemonForwarding.LeaseAcquireRequest)
        {
            leases.Acquire(holder);
        }
        else
        {
            leases.Release(holder);
        }

        return ControlResponse.Success(new JsonObject { ["leases"] = true });
    }

    private async Task<ControlResponse> RunAsync(JsonObject? body, PeerCredentials peer, CancellationToken cancellationToken)
    {
        var args = body?["args"]?.AsArray().Select(a => a?.GetValue<string>() ?? "").ToArray() ?? [];
        if (args.Length == 0 || !DaemonForwarding.Commands.Contains(args[0]))
        {
            return ControlResponse.Failure($"the daemon runs only {string.Join(", ", DaemonForwarding.Commands)}");
        }

        var files = body?["files"]?.AsObject().ToDictionary(f => f.Key, f => f.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            ?? new Dictionary<string, string>();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = Plain(stdout),
            Error = Plain(stderr),
            DriverFactory = daemonContext.DriverFactory,
            ProviderSources = daemonContext.ProviderSources,
            IsPrivileged = () => true,
            Environment = daemonContext.Environment,
            LoggerFactory = daemonContext.LoggerFactory,
            LoadManifests = paths => ForwardedHooks.RefuseUnlessRoot(ForwardedFiles.Load(paths, files), peer.Uid),
            AfterChange = afterChange,
            DeclaredView = daemonContext.DeclaredView,
            LiveStatus = daemonContext.LiveStatus,
            HealthPolicy = daemonContext.HealthPolicy,
        };

        // Global options that would point the daemon somewhere else are not the client's to set.
        if (args.Any(a => a.StartsWith("--state-dir", StringComparison.Ordinal)))
        {
            return ControlResponse.Failure("--state-dir cannot be used through the daemon; it uses its own state directory");
        }

        var exitCode = await CliApp.Build(context).Parse(args).InvokeAsync(cancellationToken: cancellationToken);
        return ControlResponse.Success(new JsonObject
        {
            ["exitCode"] = exitCode,
            ["stdout"] = stdout.ToString(),
            ["stderr"] = stderr.ToString(),
        });
    }

    private static IAnsiConsole Plain(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 512;
        return console;
    }
}
