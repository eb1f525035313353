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

    public IReadOnlyList<string> WhoamiLines() => File.Exists(WhoamiLog) ? File.ReadAllLines(WhoamiLog) : [];

    public async ValueTask DisposeAsync()
    {
        await TunmuxAsync("delete", "--all");
        await TunmuxAsync("lab", "down");
        await Sandbox.DisposeAsync();
    }
}
