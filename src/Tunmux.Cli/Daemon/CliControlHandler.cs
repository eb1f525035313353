using System.Text.Json.Nodes;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Daemon.Control;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// The daemon's side of forwarded commands: runs the same tunmux command in-process against
/// the daemon's host, with the client's manifest texts, and returns what it printed.
/// </summary>
public sealed class CliControlHandler(CliContext daemonContext, Action afterChange) : IControlHandler
{
    public async Task<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        switch (request.Kind)
        {
            case "ping":
                return ControlResponse.Success(new JsonObject { ["pid"] = Environment.ProcessId, ["protocol"] = ControlProtocol.Version });
            case DaemonForwarding.RunRequest:
                return await RunAsync(request.Body, peer, cancellationToken);
            default:
                return ControlResponse.Failure($"unknown request kind '{request.Kind}'");
        }
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
