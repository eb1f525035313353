using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Reads PIDs from the records tunmux keeps (records/KIND/NAME.json). A record is written after
/// its object is built, so an exit may already serve while its record is still missing or being
/// replaced: single reads return null then, and <see cref="WaitPidAsync"/> waits for a record
/// naming a live process instead of reading once.
/// </summary>
public static class ExitRecords
{
    public static readonly string[] ProxyWorker = ["process", "pid"];
    public static readonly string[] WireGuard = ["wireGuardProcess", "pid"];

    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    /// <summary>The PID at <paramref name="path"/> in records/<paramref name="kind"/>/<paramref name="name"/>.json, or null while it is absent or being rewritten.</summary>
    public static int? TryReadPid(LabSandbox lab, string kind, string name, string[] path)
    {
        var file = Path.Combine(lab.Sandbox.StateDir, "records", kind, name + ".json");
        try
        {
            JsonNode? node = JsonNode.Parse(File.ReadAllText(file));
            foreach (var step in path)
            {
                node = node?[step];
            }

            return node?.GetValue<int>();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Waits until the record names a running process (other than <paramref name="not"/>) and returns its PID.</summary>
    public static async Task<int> WaitPidAsync(LabSandbox lab, string kind, string name, string[] path, int? not = null, TimeSpan? limit = null)
    {
        int pid = 0;
        await Eventually.ThatAsync(
            () => Task.FromResult(TryReadPid(lab, kind, name, path) is { } found && found != not && !LabSandbox.ProcessGone(pid = found)),
            limit ?? DefaultLimit,
            $"records/{kind}/{name}.json to name a running process");
        return pid;
    }

    public static Task<int> ProxyWorkerPidAsync(LabSandbox lab, string name) => WaitPidAsync(lab, "proxies", name, ProxyWorker);

    public static Task<int> WireGuardPidAsync(LabSandbox lab, string name) => WaitPidAsync(lab, "tunnels", name, WireGuard);

    /// <summary>Proxy name -> worker PID for every proxy record readable right now (one being rewritten is skipped).</summary>
    public static Dictionary<string, int> ProxyWorkerPids(LabSandbox lab)
    {
        var directory = Path.Combine(lab.Sandbox.StateDir, "records", "proxies");
        var pids = new Dictionary<string, int>();
        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json") : [])
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (TryReadPid(lab, "proxies", name, ProxyWorker) is { } pid)
            {
                pids[name] = pid;
            }
        }

        return pids;
    }

    /// <summary>Every record file tunmux keeps for the sandbox right now (tunnels, proxies, port keepers).</summary>
    public static string[] All(LabSandbox lab)
    {
        var directory = Path.Combine(lab.Sandbox.StateDir, "records");
        return Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json", SearchOption.AllDirectories) : [];
    }
}
