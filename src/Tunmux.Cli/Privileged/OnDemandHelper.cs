using Tunmux.Cli.Daemon;
using Tunmux.Daemon.Autostop;
using Tunmux.Cli.Hosting;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Control.Unix;
using Tunmux.Linux.Privilege;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Privileged;

/// <summary>
/// The CLI's side of the on-demand helper: before a command that changes the host runs as a
/// user without a daemon, start one through sudo (config.toml [general] privileged_*).
/// </summary>
public static class OnDemandHelper
{
    /// <summary>Commands that change the host: for these a missing daemon is started rather than failing.</summary>
    public static readonly IReadOnlySet<string> ChangeCommands = new HashSet<string>(StringComparer.Ordinal) { "apply", "delete" };

    /// <summary>Provider commands that change the host (`proton connect` and the like).</summary>
    private static readonly IReadOnlySet<string> ProviderChanges = new HashSet<string>(StringComparer.Ordinal) { "connect", "disconnect" };

    private static readonly IReadOnlySet<string> Providers = new HashSet<string>(StringComparer.Ordinal) { "proton", "airvpn", "mullvad" };

    /// <summary>True for a command that changes the host (and not a request for its help).</summary>
    public static bool Changes(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            return false;
        }

        return (args.Length > 0 && ChangeCommands.Contains(args[0]))
            || (args.Length > 1 && Providers.Contains(args[0]) && ProviderChanges.Contains(args[1]));
    }

    /// <summary>
    /// Null to go on (a daemon answers now, or the command does not need one); otherwise the exit
    /// code to stop with, after writing the reason to <paramref name="stderr"/>.
    /// </summary>
    /// <param name="sudo">The sudo to run (tests give a fake); the host's when null.</param>
    public static async Task<int?> EnsureAsync(string[] args, CliContext context, TextWriter stderr, CancellationToken cancellationToken, ISudo? sudo = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsPrivileged() || !Changes(args))
        {
            return null;
        }

        var load = TunmuxConfigFile.LoadUser(context.Environment);
        if (!load.Ok)
        {
            foreach (var error in load.Errors)
            {
                await stderr.WriteLineAsync($"error: {error}");
            }

            return ExitCodes.InvalidInput;
        }

        var settings = load.Config.General;
        if (settings.PrivilegedTransport == PrivilegedTransport.Stdio)
        {
            // Started by the command itself when it first needs the daemon (see Stdio).
            return null;
        }

        var group = Group(settings);
        var socket = DaemonSocket.Path(context.Environment);
        var launcher = new HelperLauncher(
            sudo ?? new SystemSudo(), token => ProbeAsync(socket, token), StartLock.DefaultPath(context.Environment, Privileges.UserId()), TimeProvider.System);
        var failure = await launcher.EnsureAsync(settings, SelfCommand.Argv(), group, cancellationToken);
        if (failure is null)
        {
            return null;
        }

        await stderr.WriteLineAsync($"error: {failure}");
        return failure == HelperLauncher.AuthorizationDenied ? ExitCodes.NeedsRoot : ExitCodes.Failed;
    }

    /// <summary>
    /// For a change command of a user whose privileged_transport is stdio: the helper that command
    /// talks to instead of a socket (started on first use, ended by disposing). Null otherwise.
    /// </summary>
    public static StdioHelper? Stdio(string[] args, CliContext context, TextWriter stderr, ISudo? sudo = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsPrivileged() || !Changes(args)
            || TunmuxConfigFile.LoadUser(context.Environment) is not { Ok: true } load
            || load.Config.General.PrivilegedTransport != PrivilegedTransport.Stdio)
        {
            return null;
        }

        var settings = load.Config.General;
        return new StdioHelper(
            sudo ?? new SystemSudo(), HelperCommand.Stdio(SelfCommand.Argv(), Group(settings)), settings.PrivilegedAutostartTimeout, stderr);
    }

    /// <summary>The group the helper lets in: config.toml's, else this user's primary group (as the original passes it), else tunmux.</summary>
    private static string Group(GeneralSettings settings) =>
        settings.PrivilegedAuthorizedGroup ?? GroupDatabase.FindName(Privileges.GroupId()) ?? ControlProtocol.DefaultGroup;

    /// <summary>
    /// For a change command of a user whose autostop mode is command: a lease on the helper for
    /// this process's life (disposing ends it; so does this process ending). Null otherwise.
    /// </summary>
    public static async Task<IAsyncDisposable?> LeaseAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsPrivileged() || !Changes(args)
            || TunmuxConfigFile.LoadUser(context.Environment) is not { Ok: true } load
            || load.Config.General.PrivilegedAutostopMode != AutostopMode.Command)
        {
            return null;
        }

        var socket = DaemonSocket.Path(context.Environment);
        return await SendAsync(socket, HelperLeaseHandler.AcquireRequest, cancellationToken) ? new Lease(socket) : null;
    }

    private static async Task<bool> SendAsync(string socket, string kind, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await ControlClient.TryConnectAsync(socket, TimeSpan.FromSeconds(2), cancellationToken);
            return client is not null && (await client.SendAsync(kind, null, cancellationToken)).Ok;
        }
        catch (Exception ex) when (ex is ControlClientException or IOException)
        {
            return false;
        }
    }

    private sealed class Lease(string socket) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await SendAsync(socket, HelperLeaseHandler.ReleaseRequest, CancellationToken.None);
    }

    /// <summary>Whether a daemon answers a ping on <paramref name="socket"/>, and whether it lets this user in.</summary>
    public static async Task<HelperProbe> ProbeAsync(string socket, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await ControlClient.TryConnectAsync(socket, TimeSpan.FromSeconds(1), cancellationToken);
            if (client is null)
            {
                return HelperProbe.Absent;
            }

            var pong = await client.PingAsync(cancellationToken);
            return pong.Ok ? HelperProbe.Ready
                : pong.Error?.StartsWith("permission denied", StringComparison.Ordinal) == true ? HelperProbe.Denied
                : HelperProbe.Absent;
        }
        catch (ControlClientException ex) when (ex.Failure == ControlClientFailure.PermissionDenied)
        {
            return HelperProbe.Denied;
        }
        catch (Exception ex) when (ex is ControlClientException or IOException)
        {
            return HelperProbe.Absent;
        }
    }
}
