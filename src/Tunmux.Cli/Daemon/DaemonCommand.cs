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
using Tunmux.Cli.Rendering;
using Tunmux.Daemon;
using Tunmux.Daemon.Autostop;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Daemon.Hosting;
using Tunmux.Daemon.Metrics;
using Tunmux.Daemon.Systemd;
using Tunmux.Linux;
using Tunmux.Linux.Watching;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.Settings.Config;
using Tunmux.Runtime.State;

namespace Tunmux.Cli.Daemon;

/// <summary>`tunmux daemon`: keeps the host equal to the declared state, continuously.</summary>
public static class DaemonCommand
{
    /// <summary>How long a stdio helper waits for another command's helper on the same state directory.</summary>
    private static readonly TimeSpan StdioLockWait = TimeSpan.FromMinutes(5);

    public static Command Build(CliContext context)
    {
        var flags = new DaemonFlags();
        var command = new Command("daemon", "Run the controller: reconcile continuously, repair drift, recover unhealthy exits, serve the control socket and metrics.");
        flags.AddTo(command);
        var extension = context.DaemonExtension;
        extension?.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!context.IsPrivileged())
            {
                context.Error.MarkupLine("[red]error[/] tunmux daemon manages network namespaces and needs root.");
                return ExitCodes.NeedsRoot;
            }

            var configPath = parse.GetValue(flags.Config) ?? TunmuxConfigFile.SystemPath;
            var loaded = TunmuxConfigFile.Load(configPath);
            foreach (var error in loaded.Errors)
            {
                context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(error)}");
            }

            if (!loaded.Ok)
            {
                return ExitCodes.InvalidInput;
            }

            var problems = new List<string>();
            var launch = flags.Read(parse, loaded.Config.Daemon, context.Environment, problems);
            var active = extension is not null && extension.IsRequested(parse) ? extension : null;
            if (active is not null)
            {
                launch = launch with { Options = active.Configure(parse, launch.Options, context.Environment, problems) };
            }

            foreach (var problem in problems)
            {
                context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(problem)}");
            }

            if (problems.Count > 0)
            {
                return ExitCodes.InvalidInput;
            }

            var paths = TunmuxPaths.FromEnvironment(launch.StateDir, context.Environment);
            // A stdio helper serves one command: a second command's helper waits for the first to end.
            var (acquired, lockProblem) = launch.Stdio
                ? await DaemonLock.WaitAsync(paths.DaemonLockFile, StdioLockWait, cancellationToken)
                : (DaemonLock.TryAcquire(paths.DaemonLockFile, out var refusal), refusal);
            using var daemonLock = acquired;
            if (daemonLock is null)
            {
                context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(lockProblem)}");
                return ExitCodes.Failed;
            }

            if (launch.Autostop is not null && !launch.Stdio)
            {
                // Started through `sudo -b`: no terminal, and the starting command's pipes lead nowhere.
                Tunmux.Linux.Processes.StandardStreams.RedirectTo(paths.HelperLogFile);
            }

            // Every path the daemon was given is absolute from here on (flags already are; config.toml's
            // values are resolved where the daemon was started). The process works from "/" since it began.
            launch = launch with { Options = WorkingDirectory.Absolute(launch.Options) };
            using var host = BuildHost(context, paths, launch.Options, launch.JsonLogs, launch.Autostop, active, launch.Stdio, parse.GetValue(GlobalOptions.Verbose));
            await host.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static IHost BuildHost(CliContext context, TunmuxPaths paths, DaemonOptions options, bool jsonLogs, HelperAutostop? autostop, DaemonExtension? extension, bool stdio, bool verbose)
    {
        // A stdio helper shares the command's terminal (standard error): only what the user should see.
        // --verbose adds every step and command (with the bench's time stamps, where a build's time goes).
        var level = stdio ? Serilog.Events.LogEventLevel.Warning : verbose ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information;
        var logger = new LoggerConfiguration().MinimumLevel.Is(level).Enrich.FromLogContext();
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
            message => Log.Warning("{Message}", message),
            extension?.Sources));
        builder.Services.AddSingleton(sp => new KeyReconciler(paths, driver, providers, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KeyReconciler>()));
        builder.Services.AddSingleton(sp => new ControlLoop(
            options.Controller,
            sp.GetRequiredService<DeclaredSources>(),
            sp.GetRequiredService<KeyReconciler>(),
            driver,
            sp.GetRequiredService<RecordStore>(),
            paths.Naming.NamespacePrefix,
            sp.GetRequiredService<ILogger<ControlLoop>>(),
            statuses: new StatusStore(paths),
            // Drift from kernel events where the host is the real one (pidfds, rtnetlink, inotify).
            driftWatcher: driver is LinuxExitDriver
                ? onDrift => new KernelDriftWatcher(onDrift, options.Controller.PollInterval)
                : null,
            direct: sp.GetRequiredService<Tunmux.Cli.Daemon.Direct.DirectModeService>()));
        builder.Services.AddHostedService(sp => new ControlLoopService(sp.GetRequiredService<ControlLoop>(), extension is null ? null : extension.BeforeLoopAsync));
        if (extension is not null)
        {
            extension.AddServices(builder.Services);
        }

        builder.Services.AddSingleton<IControlHandler>(sp =>
        {
            var controller = sp.GetRequiredService<ControlLoop>();
            var declaredSources = sp.GetRequiredService<DeclaredSources>();
            var viewer = new Runtime.Operations.HostViewer(
                paths,
                driver,
                declaredView: () => new Api.Model.ManifestSet(declaredSources.Current(), declaredSources.Problems),
                liveStatus: () => controller.Board.Current,
                healthPolicy: options.Controller.Lifecycle);
            var operations = new LoopControlOperations(controller, viewer, new DeclaredStateStore(paths));
            IControlHandler handler = new ControlRequestHandler(operations, new ForwardedFileStore(Path.Combine(paths.StateDir, "forwarded")));
            return sp.GetService<HelperLeases>() is { } leases ? new HelperLeaseHandler(handler, leases, Tunmux.Linux.Processes.ProcStat.Capture, Tunmux.Linux.Processes.ProcStat.IsAlive) : handler;
        });
        if (autostop is { Mode: not AutostopMode.Never })
        {
            // A command started the helper and takes its lease right after: give it the autostart wait to do so.
            builder.Services.AddSingleton(new HelperLeases(autostop.Mode, autostop.IdleTimeout, TimeSpan.FromSeconds(30), TimeProvider.System));
            builder.Services.AddHostedService(sp => new AutostopService(
                sp.GetRequiredService<HelperLeases>(),
                Tunmux.Linux.Processes.ProcStat.IsAlive,
                sp.GetRequiredService<IHostApplicationLifetime>(),
                sp.GetRequiredService<ILogger<AutostopService>>(),
                TimeProvider.System));
        }

        if (stdio)
        {
            builder.Services.AddHostedService(sp => new StdioControlService(
                Console.OpenStandardInput(),
                Console.OpenStandardOutput(),
                sp.GetRequiredService<IControlHandler>(),
                StdioPeer.FromSudo(context.Environment),
                sp.GetRequiredService<IHostApplicationLifetime>(),
                sp.GetRequiredService<ILogger<StdioControlService>>()));
        }
        else
        {
            builder.Services.AddHostedService<ControlSocketService>();
        }

        builder.Services.AddSingleton(new TunmuxMetrics(new MetricsRegistry(), typeof(DaemonCommand).Assembly.GetName().Version?.ToString() ?? "dev"));
        builder.Services.AddHostedService<MetricsService>();
        builder.Services.AddSingleton(sp => new Tunmux.Cli.Daemon.Direct.DirectModeService(
            Tunmux.Linux.Direct.DirectModeHost.Create(
                new Tunmux.Linux.LinuxDriverOptions { Naming = paths.Naming, RunDir = paths.RunDir },
                Path.Combine(paths.StateDir, "direct"),
                new Tunmux.Linux.Commands.ProcessCommandRunner(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Tunmux.Direct"),
                // Tests point this at a file of their own, so the machine's resolver never changes.
                context.Environment("TUNMUX_RESOLV_CONF") is { Length: > 0 } resolvConf ? resolvConf : "/etc/resolv.conf"),
            sp.GetRequiredService<DeclaredSources>(),
            providers,
            paths.Naming,
            paths.StateDir,
            options.DirectDriftInterval,
            sp.GetRequiredService<TunmuxMetrics>(),
            sp.GetRequiredService<ILogger<Tunmux.Cli.Daemon.Direct.DirectModeService>>()));
        // Its own periodic pass watches the block; a direct key the loop reconciles runs the same pass.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Tunmux.Cli.Daemon.Direct.DirectModeService>());
        builder.Services.AddSingleton(new SdNotify());
        builder.Services.AddHostedService<SystemdService>();
        return builder.Build();
    }
}
