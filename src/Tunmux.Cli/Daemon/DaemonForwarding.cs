using System.Text.Json.Nodes;
using Tunmux.Cli.Commands;
using Tunmux.Cli.Commands.Waiting;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// When a daemon answers on the control socket, apply, diff, delete, get, status and describe run
/// there (the daemon owns the host; running them in-process would race it). The daemon runs
/// the very same command and sends back its output and exit code.
/// </summary>
public static class DaemonForwarding
{
    public const string RunRequest = "run";
    public const string SocketVariable = "TUNMUX_SOCKET";

    /// <summary>Ends the caller's lease (its process) on an autostarted helper.</summary>
    public const string LeaseReleaseRequest = "lease-release";

    /// <summary>Takes a lease for the caller's process: an autostarted helper in autostop mode command stays up while one is held.</summary>
    public const string LeaseAcquireRequest = "lease-acquire";

    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal) { "apply", "diff", "delete", "get", "status", "describe" };

    public static string SocketPath(Func<string, string?> environment) =>
        environment(SocketVariable) is { Length: > 0 } path ? path : ControlProtocol.DefaultSocketPath;

    /// <summary>Runs the command in the daemon and returns its exit code, or null to run it here.</summary>
    /// <param name="holdLease">Hold a lease on the daemon while the command runs (autostop mode command: the helper stops when the last lease ends).</param>
    public static async Task<int?> TryForwardAsync(
        string[] args, Func<string, string?> environment, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool holdLease = false)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]) || args.Any(a => a is "-h" or "--help" or "-?"))
        {
            return null;
        }

        ControlClient? client;
        try
        {
            client = await ControlClient.TryConnectAsync(SocketPath(environment), TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (ControlClientException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.NeedsRoot;
        }

        if (client is null)
        {
            return null;
        }

        await using (client)
        {
            if (holdLease)
            {
                await client.SendAsync(LeaseAcquireRequest, null, cancellationToken);
            }

            try
            {
                return await ForwardAsync(client, args, stdout, stderr, cancellationToken);
            }
            finally
            {
                if (holdLease)
                {
                    await client.SendAsync(LeaseReleaseRequest, null, CancellationToken.None);
                }
            }
        }
    }

    private static async Task<int> ForwardAsync(ControlClient client, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // apply --wait: the apply runs in the daemon, the waiting here, so progress shows as it happens.
        var (apply, wait, timeout) = args[0] == "apply" ? WaitOptions.Split(args) : (args, false, null);
        if (!wait || !WaitOptions.TryParseTimeout(timeout, out var limit))
        {
            return await RunAsync(client, args, stdout, stderr, cancellationToken);
        }

        var code = await RunAsync(client, apply, stdout, stderr, cancellationToken);
        if (code != ExitCodes.Success || apply.Contains("--dry-run"))
        {
            return code;
        }

        var subjects = ReadinessWait.SubjectsOf(ManifestInput.Load(FileArguments(args)).Objects);
        return await ReadinessWait.RunAsync(
            subjects,
            token => ForwardedReadiness.PollAsync(client, token),
            line => stdout.WriteLine(line),
            line => stderr.WriteLine(line),
            limit,
            TimeProvider.System,
            cancellationToken);
    }

    /// <summary>Runs one command in the daemon, writes what it printed, and returns its exit code.</summary>
    private static async Task<int> RunAsync(ControlClient client, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var response = await SendAsync(client, args, cancellationToken);
        if (!response.Ok)
        {
            await stderr.WriteLineAsync($"error: the tunmux daemon refused: {response.Error}");
            return response.Error?.StartsWith("permission denied", StringComparison.Ordinal) == true ? ExitCodes.NeedsRoot : ExitCodes.Failed;
        }

        await stdout.WriteAsync(response.Body?["stdout"]?.GetValue<string>() ?? "");
        await stderr.WriteAsync(response.Body?["stderr"]?.GetValue<string>() ?? "");
        return response.Body?["exitCode"]?.GetValue<int>() ?? ExitCodes.Failed;
    }

    /// <summary>Sends a command with the manifest files it names, read here as the calling user.</summary>
    internal static Task<ControlResponse> SendAsync(ControlClient client, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var files = new JsonObject();
        foreach (var (path, text) in ForwardedFiles.Read(FileArguments(args)))
        {
            files[path] = text;
        }

        var body = new JsonObject { ["args"] = new JsonArray(args.Select(a => (JsonNode?)a).ToArray()), ["files"] = files };
        return client.SendAsync(RunRequest, body, cancellationToken);
    }

    /// <summary>The values of -f/--filename, the only options that name files.</summary>
    public static IReadOnlyList<string> FileArguments(IReadOnlyList<string> args)
    {
        var paths = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-f" or "--filename" && i + 1 < args.Count)
            {
                paths.Add(args[++i]);
            }
            else if (args[i].StartsWith("--filename=", StringComparison.Ordinal) || args[i].StartsWith("-f=", StringComparison.Ordinal))
            {
                paths.Add(args[i][(args[i].IndexOf('=') + 1)..]);
            }
        }

        return paths;
    }
}
