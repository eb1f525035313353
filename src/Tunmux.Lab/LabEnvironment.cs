using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.Model;
using Tunmux.Core.WireGuard;
using Tunmux.Lab.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Processes;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Lab;

/// <summary>
/// Builds and removes the lab: an "internet" namespace with DNS and a whoami endpoint, and N
/// exit namespaces each running a WireGuard server that NATs to its own public address. The
/// host gets one veth and one route (198.18.0.0/15), nothing else.
/// </summary>
public sealed class LabEnvironment
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly ICommandRunner _runner;
    private readonly ILogger _logger;
    private readonly LabTeardown _teardown;

    public LabEnvironment(ICommandRunner runner, ILogger? logger = null)
    {
        _runner = runner;
        _logger = logger ?? NullLogger.Instance;
        _teardown = new LabTeardown(runner, _logger);
    }

    /// <summary>
    /// Builds the lab, first removing any earlier lab with the same prefixes and directory. On a
    /// failure it removes what it made and rethrows; when cancelled, what it made stays recorded
    /// in the state file for <see cref="DownAsync"/> (or the next up) to remove.
    /// </summary>
    public async Task<LabInfo> UpAsync(LabOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        await DownAsync(options, cancellationToken).ConfigureAwait(false);

        var createdDirectory = PrivateFile.EnsureDirectory(options.Directory);
        var recorder = new LabRecorder(LabStateFile.PathIn(options.Directory), new LabState
        {
            NamespacePrefix = options.NamespacePrefix,
            InterfacePrefix = options.InterfacePrefix,
            HostNamespace = options.HostNamespace,
            CreatedDirectory = createdDirectory,
        });
        recorder.File(recorder.Path);

        try
        {
            return await BuildAsync(options, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A half-built lab is worse than none: remove what was made, then report the cause.
            var problems = await _teardown.RemoveAsync(options, recorder.State, CancellationToken.None).ConfigureAwait(false);
            if (problems.Count > 0)
            {
                throw new LabException($"lab up failed ({failure.Message}), and cleaning up left: {string.Join("; ", problems)}", failure);
            }

            throw;
        }
    }

    /// <summary>
    /// Removes what <see cref="UpAsync"/> recorded in its state file, tolerating parts that are
    /// already gone, then any lab namespaces with this prefix that no state file lists.
    /// </summary>
    public async Task DownAsync(LabOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        var state = LabStateFile.Load(LabStateFile.PathIn(options.Directory));
        var problems = new List<string>();
        if (state is not null)
        {
            problems.AddRange(await _teardown.RemoveAsync(options, state, cancellationToken).ConfigureAwait(false));
        }

        problems.AddRange(await _teardown.SweepAsync(options, cancellationToken).ConfigureAwait(false));
        if (problems.Count > 0)
        {
            throw new LabException("lab down could not remove: " + string.Join("; ", problems));
        }
    }

    private async Task<LabInfo> BuildAsync(LabOptions options, LabRecorder recorder, CancellationToken cancellationToken)
    {
        var net = LabNames.NetNamespace(options);
        LabLog.Step(_logger, $"creating the internet namespace {net}");
        await RunAsync(LabCommands.AddNamespace(net), cancellationToken).ConfigureAwait(false);
        recorder.Namespace(net);
        await RunAllAsync(LabCommands.PrepareNet(options), cancellationToken).ConfigureAwait(false);

        LabLog.Step(_logger, $"linking the host to the lab ({LabNames.HostLink(options)}, route {LabAddresses.LabRange})");
        await RunAsync(LabCommands.AddHostLink(options), cancellationToken).ConfigureAwait(false);
        recorder.HostLink(LabNames.HostLink(options));
        await RunAllAsync(LabCommands.ConfigureHostLink(options), cancellationToken).ConfigureAwait(false);
        await RunAsync(LabCommands.AddHostRoute(options), cancellationToken).ConfigureAwait(false);
        recorder.HostRoute(new LabRouteRecord(LabAddresses.LabRange, LabAddresses.HostGateway, LabNames.HostLink(options)));
        await RunAsync(LabCommands.AddHostRoute6(options), cancellationToken).ConfigureAwait(false);
        recorder.HostRoute(new LabRouteRecord(LabAddresses.LabRange6, LabAddresses.HostGateway6, LabNames.HostLink(options)));

        var exits = new List<LabExitInfo>();
        for (var exit = 1; exit <= options.Exits; exit++)
        {
            exits.Add(await BuildExitAsync(options, recorder, exit, cancellationToken).ConfigureAwait(false));
        }

        LabLog.Step(_logger, $"starting DNS and whoami on {LabAddresses.ServiceAddress}");
        recorder.File(Path.Combine(options.Directory, LabNames.DnsLogFile));
        recorder.File(Path.Combine(options.Directory, "dnsmasq.pid"));
        await StartServiceAsync(options, recorder, "dnsmasq", net, LabCommands.DnsServerArgv(options),
            LabCommands.ListListeners(net, udp: true, LabAddresses.DnsPort), cancellationToken).ConfigureAwait(false);
        recorder.File(Path.Combine(options.Directory, LabNames.WhoamiLogFile));
        await StartServiceAsync(options, recorder, "whoami", net, LabCommands.WhoamiServerArgv(options),
            LabCommands.ListListeners(net, udp: false, LabAddresses.WhoamiPort), cancellationToken).ConfigureAwait(false);
        recorder.File(Path.Combine(options.Directory, LabNames.WhoamiLogFile6));
        await StartServiceAsync(options, recorder, "whoami6", net, LabCommands.WhoamiServerArgv6(options),
            LabCommands.ListListenersAt(net, LabAddresses.ServiceAddress6, LabAddresses.WhoamiPort), cancellationToken).ConfigureAwait(false);

        var manifestPath = Path.Combine(options.Directory, LabNames.ManifestFile);
        recorder.File(manifestPath);
        await File.WriteAllTextAsync(manifestPath, LabManifest.Render(options), cancellationToken).ConfigureAwait(false);
        LabLog.Step(_logger, $"ready: {options.Exits} exit(s), manifest {manifestPath}");
        return new LabInfo(exits, LabAddresses.WhoamiUrl, LabAddresses.ServiceAddress, manifestPath, recorder.Path, net, LabNames.HostLink(options));
    }

    private async Task<LabExitInfo> BuildExitAsync(LabOptions options, LabRecorder recorder, int exit, CancellationToken cancellationToken)
    {
        var ns = LabNames.ExitNamespace(options, exit);
        var iface = LabNames.ServerInterface(options, exit);
        LabLog.Step(_logger, $"creating exit {exit} ({ns}, public address {LabAddresses.ExitPublicAddress(exit)})");
        await RunAsync(LabCommands.AddNamespace(ns), cancellationToken).ConfigureAwait(false);
        recorder.Namespace(ns);
        await RunAllAsync(LabCommands.BuildExitNetwork(options, exit), cancellationToken).ConfigureAwait(false);

        var (serverPrivate, serverPublic) = await NewKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var (clientPrivate, clientPublic) = await NewKeyPairAsync(cancellationToken).ConfigureAwait(false);

        // Recorded before the start, so a wireguard-go that dies half-way still has its socket removed.
        recorder.Socket(LabNames.WireGuardSocket(iface));
        var outputLog = Path.Combine(options.Directory, $"wireguard-go-exit{exit}.out");
        recorder.File(outputLog);
        var process = DetachedProcess.Start(LabCommands.WireGuardServerArgv(options, exit), outputLog, ns);
        recorder.Process($"wireguard-go exit {exit}", ns, process);
        // wireguard-go creates the device before it listens on its control socket, and `wg setconf`
        // needs the socket (without it, wg falls back to kernel netlink: "Protocol not supported").
        await LabWait.UntilAsync(
            async () => (await _runner.RunAsync(LabCommands.ShowServerInterface(options, exit), cancellationToken).ConfigureAwait(false)).Succeeded
                && UapiSocket.IsLive(LabNames.WireGuardSocket(iface)),
            process, $"wireguard-go to create {iface} and answer on its control socket", outputLog, StartTimeout, cancellationToken).ConfigureAwait(false);

        var serverConfig = WgSetConf.Render(LabWireGuard.ServerConfig(exit, serverPrivate, clientPublic), LabAddresses.WireGuardPort);
        await RunAsync(LabCommands.SetServerConfig(options, exit, serverConfig), cancellationToken).ConfigureAwait(false);
        await RunAllAsync(LabCommands.RaiseServerInterface(options, exit), cancellationToken).ConfigureAwait(false);

        var configPath = LabNames.ConfigFile(options, exit);
        recorder.File(configPath);
        PrivateFile.Write(configPath, WgQuickConfig.Render(LabWireGuard.ClientConfig(exit, clientPrivate, serverPublic)));
        var dualStackPath = LabNames.DualStackConfigFile(options, exit);
        recorder.File(dualStackPath);
        PrivateFile.Write(dualStackPath, WgQuickConfig.Render(LabWireGuard.DualStackClientConfig(exit, clientPrivate, serverPublic)));
        return new LabExitInfo(exit, LabNames.TunnelName(exit), ns, iface, LabAddresses.ExitPublicAddress(exit),
            LabAddresses.ExitEndpoint(exit), serverPublic, configPath, LabPorts.Socks(exit), LabPorts.Http(exit));
    }

    private async Task StartServiceAsync(
        LabOptions options, LabRecorder recorder, string role, string ns, IReadOnlyList<string> argv, HostCommand listening, CancellationToken cancellationToken)
    {
        var outputLog = Path.Combine(options.Directory, role + ".out");
        recorder.File(outputLog);
        var process = DetachedProcess.Start(argv, outputLog, ns);
        recorder.Process(role, ns, process);
        await LabWait.UntilAsync(
            async () =>
            {
                var result = await _runner.RunAsync(listening, cancellationToken).ConfigureAwait(false);
                return result.Succeeded && result.StandardOutput.Trim().Length > 0;
            },
            process, $"{role} to listen", outputLog, StartTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(Secret Private, string Public)> NewKeyPairAsync(CancellationToken cancellationToken)
    {
        var generated = await _runner.RunCheckedAsync(LabCommands.GenerateKey(), cancellationToken).ConfigureAwait(false);
        var privateKey = new Secret(generated.StandardOutput.Trim());
        var derived = await _runner.RunCheckedAsync(LabCommands.PublicKeyOf(privateKey.Reveal()), cancellationToken).ConfigureAwait(false);
        var publicKey = derived.StandardOutput.Trim();
        if (!WireGuardKeyFormat.IsValid(privateKey.Reveal()) || !WireGuardKeyFormat.IsValid(publicKey))
        {
            throw new LabException("wg genkey / wg pubkey did not produce WireGuard keys");
        }

        return (privateKey, publicKey);
    }

    private async Task RunAllAsync(IEnumerable<HostCommand> commands, CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            await RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        LabLog.Running(_logger, command.ToString());
        return _runner.RunCheckedAsync(command, cancellationToken);
    }
}
