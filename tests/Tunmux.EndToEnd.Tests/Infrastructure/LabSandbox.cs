using System.Text.Json.Nodes;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A sandbox with the lab running in it (built by the real `tunmux lab up`), plus the helpers
/// the apply tests share: run tunmux, curl through a proxy, read PIDs and logs.
/// </summary>
public sealed class LabSandbox : IAsyncDisposable
{
    private LabSandbox(Sandbox sandbox, int exits)
    {
        Sandbox = sandbox;
        Exits = exits;
    }

    public Sandbox Sandbox { get; }

    public int Exits { get; }

    public string LabDir => Path.Combine(Sandbox.StateDir, "lab");

    public string Manifest => Path.Combine(LabDir, "lab.yaml");

    public string WhoamiLog => Path.Combine(LabDir, Tunmux.Lab.LabNames.WhoamiLogFile);

    public static string PublicAddressOf(int exit) => $"198.18.{exit}.2";

    /// <summary>Exit <paramref name="exit"/>'s namespace (see Tunmux.Lab.LabNames).</summary>
    public string ExitNamespaceOf(int exit) => Sandbox.LabPrefix + "exit" + exit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Exit <paramref name="exit"/>'s WireGuard server interface, inside its namespace.</summary>
    public string ServerInterfaceOf(int exit) => Sandbox.LabInterfacePrefix + "s" + exit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static int SocksPortOf(int exit) => 1079 + exit;

    public static int HttpPortOf(int exit) => 8117 + exit;

    public static async Task<LabSandbox> StartAsync(int exits)
    {
        var sandbox = await Sandbox.CreateAsync();
        try
        {
            (await sandbox.TunmuxAsync("lab", "up", "--exits", exits.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .EnsureSuccess("tunmux lab up");
            return new LabSandbox(sandbox, exits);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public Task<Run.Result> TunmuxAsync(params string[] args) => Sandbox.TunmuxAsync(args);

    public async Task ApplyAsync(string? manifest = null) =>
        (await TunmuxAsync("apply", "-f", manifest ?? Manifest)).EnsureSuccess("tunmux apply");

    /// <summary>curl through a proxy inside the sandbox; returns the body or null when the request failed.</summary>
    public async Task<string?> CurlAsync(string proxyArgument, string proxy, string url = "http://whoami.lab/", int maxSeconds = 10)
    {
        var result = await Sandbox.ExecAsync(["curl", "-sS", "--max-time", maxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), proxyArgument, proxy, url]);
        return result.ExitCode == 0 ? result.Stdout.Trim() : null;
    }

    public Task<string?> ViaSocksAsync(int exit, int maxSeconds = 10) =>
        CurlAsync("--socks5-hostname", $"127.0.0.1:{SocksPortOf(exit)}", maxSeconds: maxSeconds);

    public Task<string?> ViaHttpAsync(int exit, int maxSeconds = 10) =>
        CurlAsync("--proxy", $"http://127.0.0.1:{HttpPortOf(exit)}", maxSeconds: maxSeconds);

    /// <summary>Proxy name -> worker PID, as `tunmux get proxies -o json` reports it.</summary>
    public async Task<Dictionary<string, int>> ProxyPidsAsync()
    {
        var result = (await TunmuxAsync("get", "proxies", "-o", "json")).EnsureSuccess("get proxies");
        var node = JsonNode.Parse(result.Stdout)!;
        var items = node["items"] is JsonArray array ? array.OfType<JsonNode>() : [node];
        return items.ToDictionary(i => i["metadata"]!["name"]!.GetValue<string>(), i => i["status"]!["pid"]!.GetValue<int>());
    }

    /// <summary>Tunnel name -> wireguard-go PID, from the records tunmux keeps.</summary>
    public Dictionary<string, int> WireGuardPids()
    {
        var directory = Path.Combine(Sandbox.StateDir, "records", "tunnels");
        return Directory.GetFiles(directory, "*.json").ToDictionary(
            f => Path.GetFileNameWithoutExtension(f),
            f => JsonNode.Parse(File.ReadAllText(f))!["wireGuardProcess"]!["pid"]!.GetValue<int>());
    }

    /// <summary>True when the process has exited; a zombie waiting for its reaper counts as exited.</summary>
    public static bool ProcessGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>
    /// Makes exit <paramref name="exit"/>'s WireGuard server deaf: a firewall table inside that
    /// exit's own namespace drops every packet to its WireGuard port. The server keeps running, as
    /// a provider's server that stops answering does; the table goes with the namespace at lab down.
    /// </summary>
    public async Task DropWireGuardAtExitAsync(int exit)
    {
        var port = Tunmux.Lab.LabAddresses.WireGuardPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ruleset = $$"""
            table inet tmxtest_deaf {
                chain input {
                    type filter hook input priority -10; policy accept;
                    udp dport {{port}} counter drop
                }
            }
            """;
        (await Run.ProgramAsync(["ip", "netns", "exec", ExitNamespaceOf(exit), "nft", "-f", "-"], stdin: ruleset)).EnsureSuccess("nft: drop WireGuard at the exit");
    }

    /// <summary>Packets <see cref="DropWireGuardAtExitAsync"/> dropped so far at exit <paramref name="exit"/>: proof the client really kept knocking there.</summary>
    public async Task<long> DroppedWireGuardPacketsAtExitAsync(int exit)
    {
        var table = (await Run.ProgramAsync(["ip", "netns", "exec", ExitNamespaceOf(exit), "nft", "list", "table", "inet", "tmxtest_deaf"])).EnsureSuccess("nft list");
        var match = System.Text.RegularExpressions.Regex.Match(table.Stdout, @"counter packets (\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public IReadOnlyList<string> WhoamiLines() => File.Exists(WhoamiLog) ? File.ReadAllLines(WhoamiLog) : [];

    public async ValueTask DisposeAsync()
    {
        await TunmuxAsync("delete", "--all");
        await TunmuxAsync("lab", "down");
        await Sandbox.DisposeAsync();
    }
}
