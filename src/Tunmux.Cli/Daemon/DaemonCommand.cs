using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Formatting.Json;
using Spectre.Console;
using Tunmux.Api;
using Tunmux.Cli.Hosting;
using Tunmux.Daemon;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Daemon.Controller;
using Tunmux.Daemon.Hosting;
using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Systemd;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;

namespace Tunmux.Cli.Daemon;

/// <summary>`tunmux daemon`: keeps the host equal to the declared state, continuously.</summary>
public static class DaemonCommand
{
    public static Command Build(CliContext context)
    {
        var manifests = new Option<string?>("--manifests") { Description = "A folder whose *.yaml files are the complete desired set (GitOps); changes are picked up at once." };
        var socket = new Option<string?>("--socket") { Description = $"Control socket path (default {ControlProtocol.DefaultSocketPath}, or TUNMUX_SOCKET)." };
        var group = new Option<string?>("--group") { Description = "Group whose members may use the control socket (default tunmux)." };
        var metrics = new Option<string?>("--metrics") { Description = "Prometheus endpoint ADDRESS:PORT, or off (default 127.0.0.1:9477)." };
        var resync = new Option<string?>("--resync") { Description = "Reconcile everything at least this often (default 30s)." };
        var poll = new Option<string?>("--poll") { Description = "Check processes and namespaces for drift this often (default 500ms)." };
        var teardown = new Option<bool>("--teardown-on-stop") { Description = "Remove every exit when the daemon stops (default: they stay up and the next start adopts them)." };
        var config = new Option<string?>("--config") { Description = $"Settings file (default {DaemonConfigFile.DefaultPath} when it exists); flags win over it." };
        var logFormat = new Option<string?>("--log-format") { Description = "text (default) or json." };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var health = new HealthOptions();
        var command = new Command("daemon", "Run the controller: reconcile continuously, repair drift, recover unhealthy exits, serve the control socket and metrics.")
        {
            manifests, socket, group, metrics, resync, poll, teardown, config, logFormat,
        };
        health.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!context.IsPrivileged())
            {
                context.Error.MarkupLine("[red]error[/] tunmux daemon manages network namespaces and needs root.");
                return ExitCodes.NeedsRoot;
            }

            var configPath = parse.GetValue(config) ?? (File.Exists(DaemonConfigFile.DefaultPath) ? DaemonConfigFile.DefaultPath : null);
            DaemonConfigFile file;
            try
            {
                file = configPath is null ? new DaemonConfigFile() : DaemonConfigFile.Load(configPath);
            }
            catch (Exception ex) when (ex is IOException or YamlDotNet.Core.YamlException)
            {
                context.Error.MarkupLine($"[red]error[/] {Markup.Escape(configPath!)}: {Markup.Escape(ex.Message)}");
                return ExitCodes.InvalidInput;
            }

            var problems = new List<string>();
            var options = new DaemonOptions
            {
                ManifestsDirectory = parse.GetValue(manifests) ?? file.Manifests,
                SocketPath = parse.GetValue(socket) ?? file.Socket ?? DaemonSocket.Path(context.Environment),
                Group = parse.GetValue(group) ?? file.Group ?? ControlProtocol.DefaultGroup,
                MetricsEndpoint = Endpoint(parse.GetValue(metrics) ?? file.Metrics, problems),
                ResyncInterval = Duration("--resync", parse.GetValue(resync) ?? file.Resync, TimeSpan.FromSeconds(30), problems),
                PollInterval = Duration("--poll", parse.GetValue(poll) ?? file.Poll, TimeSpan.FromMilliseconds(500), problems),
                TeardownOnStop = parse.GetValue(teardown) || (file.TeardownOnStop ?? false),
                Lifecycle = health.Read(parse, file, problems),
            };
            foreach (var problem in problems)
            {
                context.Error.MarkupLine($"[red]error[/] {Markup.Escape(problem)}");
            }

            if (problems.Count > 0)
            {
                return ExitCodes.InvalidInput;
            }

            var paths = TunmuxPaths.FromEnvironment(parse.GetValue(GlobalOptions.StateDir) ?? file.StateDir, context.Environment);
            using var host = BuildHost(context, paths, options, (parse.GetValue(logFormat) ?? file.LogFormat) == "json");
            await host.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static IHost BuildHost(CliContext context, TunmuxPaths paths, DaemonOptions options, bool jsonLogs)
    {
        var logger = new LoggerConfiguration().MinimumLevel.Information().Enrich.FromLogContext();
        logger = jsonLogs
            ? logger.WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            : logger.WriteTo.Console(outputTemplate: "{Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose);
        Log.Logger = logger.CreateLogger();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddSerilog(dispose: true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var loggers = LoggerFactory.Create(b => b.AddSerilog());
        var driver = context.DriverFactory(paths, loggers);
        var providers = context.ProviderSources(paths).ToList();

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(driver);
        builder.Services.AddSingleton(new RecordStore(paths));
        builder.Services.AddSingleton(new DeclaredSources(
            new DeclaredStateStore(paths),
            options.ManifestsDirectory is { } folder ? new ManifestFolder(folder) : null,
            message => Log.Warning("{Message}", message)));
        builder.Services.AddSingleton(sp => new KeyReconciler(paths, driver, providers, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KeyReconciler>()));
        builder.Services.AddSingleton(sp => new ControllerService(
            options,
            sp.GetRequiredService<DeclaredSources>(),
            sp.GetRequiredService<KeyReconciler>(),
            driver,
            sp.GetRequiredService<RecordStore>(),
            paths.Naming.NamespacePrefix,
            sp.GetRequiredService<ILogger<ControllerService>>(),
            statuses: new StatusStore(paths)));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControllerService>());
        builder.Services.AddSingleton<IControlHandler>(sp =>
        {
            var controller = sp.GetRequiredService<ControllerService>();
            var declaredSources = sp.GetRequiredService<DeclaredSources>();
            var exits = new Runtime.Operations.ExitController(
                paths,
                driver,
                loggers.CreateLogger("tunmux"),
                providers,
                declaredView: () => new Api.Model.ManifestSet(declaredSources.Current(), declaredSources.Problems),
                liveStatus: () => controller.Board.Current,
                healthPolicy: options.Lifecycle);
            var operations = new ExitControllerOperations(exits, new DeclaredStateStore(paths), () => controller.Trigger());
            return new ControlRequestHandler(operations, new ForwardedFileStore(Path.Combine(paths.StateDir, "forwarded")));
        });
        builder.Services.AddHostedService<ControlSocketService>();
        builder.Services.AddSingleton(new TunmuxMetrics(new MetricsRegistry(), typeof(DaemonCommand).Assembly.GetName().Version?.ToString() ?? "dev"));
        builder.Services.AddHostedService<MetricsService>();
        builder.Services.AddSingleton(new SdNotify());
        builder.Services.AddHostedService<SystemdService>();
        return builder.Build();
    }

    private static IPEndPoint? Endpoint(string? text, List<string> problems)
    {
        if (text is null)
        {
            return new IPEndPoint(IPAddress.Loopback, 9477);
        }

        if (text == "off")
        {
            return null;
        }

        if (ListenAddress.TryParse(text, out var address, out var port, out var error) && port > 0)
        {
            return new IPEndPoint(address, port);
        }

        problems.Add($"--metrics {text}: {(error.Length > 0 ? error : "a port is required")}");
        return null;
    }

    internal static TimeSpan Duration(string option, string? text, TimeSpan fallback, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        problems.Add($"{option} {text}: not a duration such as 500ms, 30s or 5m");
        return fallback;
    }
}
