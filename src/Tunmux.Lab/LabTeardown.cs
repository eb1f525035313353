using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tunmux.Core.State;
using Tunmux.Lab.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Processes;

namespace Tunmux.Lab;

/// <summary>
/// Removes a lab. Every step tolerates its object being gone already, and success is judged by
/// looking again afterwards, not by exit codes: what is left is returned as a list of problems.
/// </summary>
internal sealed class LabTeardown(ICommandRunner runner, ILogger logger)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>Removes exactly what <paramref name="state"/> lists, in reverse order of making.</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(LabOptions options, LabState state, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var process in state.Processes.Reverse())
        {
            var reference = new ProcessRef(process.Pid, process.StartTime);
            await DetachedProcess.StopAsync(reference, StopGrace, cancellationToken).ConfigureAwait(false);
            if (ProcStat.IsAlive(reference))
            {
                problems.Add($"{process.Role} (pid {process.Pid}) is still running");
            }
        }

        foreach (var socket in state.Sockets)
        {
            TryDelete(socket, problems);
        }

        foreach (var route in state.HostRoutes)
        {
            // The route goes with its link anyway; removing it first keeps the host tidy if the link delete fails.
            await runner.RunAsync(LabCommands.DeleteHostRoute(state.HostNamespace, route.Destination, route.Via, route.Device), cancellationToken).ConfigureAwait(false);
        }

        foreach (var link in state.HostLinks)
        {
            await RemoveHostLinkAsync(state.HostNamespace, link, problems, cancellationToken).ConfigureAwait(false);
        }

        foreach (var ns in state.Namespaces.Reverse())
        {
            await RemoveNamespaceAsync(ns, problems, cancellationToken).ConfigureAwait(false);
        }

        // While anything is left, the state file stays: it is how the next down finds the rest.
        var stateFile = LabStateFile.PathIn(options.Directory);
        foreach (var file in state.Files.Where(file => problems.Count == 0 || file != stateFile))
        {
            TryDelete(file, problems);
        }

        if (state.CreatedDirectory && Directory.Exists(options.Directory) && !Directory.EnumerateFileSystemEntries(options.Directory).Any())
        {
            Directory.Delete(options.Directory);
        }

        foreach (var problem in problems)
        {
            LabLog.TeardownProblem(logger, problem);
        }

        return problems;
    }

    /// <summary>
    /// Removes lab objects found by name that no state file accounts for (an <c>up</c> killed
    /// before it could save, or a deleted state file): namespaces named like this lab's, the
    /// host link of this prefix, and wireguard-go sockets of this prefix that nobody serves.
    /// </summary>
    public async Task<IReadOnlyList<string>> SweepAsync(LabOptions options, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var ns in await LabNamespacesAsync(options, cancellationToken).ConfigureAwait(false))
        {
            LabLog.Step(logger, $"removing leftover namespace {ns}");
            var pids = await runner.RunAsync(LabCommands.NamespacePids(ns), cancellationToken).ConfigureAwait(false);
            foreach (var pid in ParsePids(pids.StandardOutput))
            {
                await runner.RunAsync(LabCommands.Kill(pid), cancellationToken).ConfigureAwait(false);
            }

            await RemoveNamespaceAsync(ns, problems, cancellationToken).ConfigureAwait(false);
        }

        var hostLink = LabNames.HostLink(options);
        if ((await runner.RunAsync(LabCommands.ShowHostLink(options.HostNamespace, hostLink), cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            LabLog.Step(logger, $"removing leftover host link {hostLink}");
            await RemoveHostLinkAsync(options.HostNamespace, hostLink, problems, cancellationToken).ConfigureAwait(false);
        }

        foreach (var socket in StaleSockets(options))
        {
            TryDelete(socket, problems);
        }

        return problems;
    }

    internal static IEnumerable<int> ParsePids(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 1);

    /// <summary>Names from <c>ip netns list</c>, whose lines look like "NAME" or "NAME (id: 3)".</summary>
    internal static IEnumerable<string> ParseNamespaceList(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0]);

    private async Task<IReadOnlyList<string>> LabNamespacesAsync(LabOptions options, CancellationToken cancellationToken)
    {
        var list = await runner.RunCheckedAsync(LabCommands.ListNamespaces(), cancellationToken).ConfigureAwait(false);
        return ParseNamespaceList(list.StandardOutput).Where(ns => LabNames.IsLabNamespace(options, ns)).ToList();
    }

    private async Task RemoveNamespaceAsync(string ns, List<string> problems, CancellationToken cancellationToken)
    {
        await runner.RunAsync(LabCommands.DeleteNamespace(ns), cancellationToken).ConfigureAwait(false);
        var list = await runner.RunAsync(LabCommands.ListNamespaces(), cancellationToken).ConfigureAwait(false);
        if (!list.Succeeded || ParseNamespaceList(list.StandardOutput).Contains(ns))
        {
            problems.Add($"namespace {ns} is still there");
        }
    }

    private async Task RemoveHostLinkAsync(string? hostNamespace, string link, List<string> problems, CancellationToken cancellationToken)
    {
        await runner.RunAsync(LabCommands.DeleteHostLink(hostNamespace, link), cancellationToken).ConfigureAwait(false);
        if ((await runner.RunAsync(LabCommands.ShowHostLink(hostNamespace, link), cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            problems.Add($"host link {link} is still there");
        }
    }

    /// <summary>Sockets named like this lab's server interfaces that no wireguard-go answers on.</summary>
    private static IEnumerable<string> StaleSockets(LabOptions options)
    {
        const string folder = "/var/run/wireguard";
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var prefix = options.InterfacePrefix + "s";
        return Directory.EnumerateFiles(folder, prefix + "*.sock")
            .Where(path =>
            {
                var middle = Path.GetFileNameWithoutExtension(path)[prefix.Length..];
                return middle.Length > 0 && middle.All(char.IsAsciiDigit) && !Answers(path);
            })
            .ToList();
    }

    private static bool Answers(string socketPath)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void TryDelete(string path, List<string> problems)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            problems.Add($"could not delete {path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            problems.Add($"could not delete {path}: {ex.Message}");
        }
    }
}
