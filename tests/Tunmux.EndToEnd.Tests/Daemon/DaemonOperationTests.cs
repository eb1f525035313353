using System.Text.RegularExpressions;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Daemon;

/// <summary>Issue #4 acceptance: GitOps folder, serialized applies, metrics, forwarding through the socket.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DaemonOperationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [RootFact]
    public async Task A_gitops_folder_is_followed_through_adds_edits_invalid_files_and_deletes()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 2);
        var folder = Path.Combine(lab.Sandbox.StateDir, "gitops");
        Directory.CreateDirectory(folder);
        var documents = (await File.ReadAllTextAsync(lab.Manifest)).Split("\n---\n").Where(d => d.Contains("kind:", StringComparison.Ordinal)).ToList();
        string Exit(int n) => string.Join("\n---\n", documents.Where(d => d.Contains($"name: lab-{n}", StringComparison.Ordinal)));
        await File.WriteAllTextAsync(Path.Combine(folder, "exit-1.yaml"), Exit(1));
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox, "--manifests", folder);

        await Eventually.ThatAsync(async () => await lab.ViaSocksAsync(1, 2) == LabSandbox.PublicAddressOf(1), Limit, "exit 1 from the folder");

        // Add a file: a second exit appears.
        await File.WriteAllTextAsync(Path.Combine(folder, "exit-2.yaml"), Exit(2));
        await Eventually.ThatAsync(async () => await lab.ViaSocksAsync(2, 2) == LabSandbox.PublicAddressOf(2), Limit, "exit 2 after adding its file");

        // Edit a file: the proxy moves to another port.
        await File.WriteAllTextAsync(Path.Combine(folder, "exit-2.yaml"), Exit(2).Replace("127.0.0.1:1081", "127.0.0.1:1091", StringComparison.Ordinal));
        await Eventually.ThatAsync(async () => await lab.CurlAsync("--socks5-hostname", "127.0.0.1:1091", maxSeconds: 2) == LabSandbox.PublicAddressOf(2), Limit, "exit 2 on its new port");

        // An invalid file is reported and leaves the rest running.
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.yaml"), "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: broken}\nspec: {colour: blue}\n");
        await Eventually.ThatAsync(() => Task.FromResult(daemon.Log.Contains("broken.yaml", StringComparison.Ordinal)), Limit, "the invalid file in the log");
        var status = await lab.TunmuxAsync("status");
        status.All.Should().Contain("broken.yaml").And.Contain("colour");
        (await lab.ViaSocksAsync(1)).Should().Be(LabSandbox.PublicAddressOf(1));

        // Delete a file: its exit goes away.
        File.Delete(Path.Combine(folder, "exit-1.yaml"));
        await Eventually.ThatAsync(
            async () => !(await lab.Sandbox.OwnNamespacesAsync()).Contains(lab.Sandbox.NamespacePrefix + "lab-1"),
            Limit,
            "exit 1's namespace to be removed");
        (await lab.ViaSocksAsync(1, maxSeconds: 2)).Should().BeNull();
        (await lab.CurlAsync("--socks5-hostname", "127.0.0.1:1091")).Should().Be(LabSandbox.PublicAddressOf(2));
    }

    [RootFact]
    public async Task Two_concurrent_applies_are_serialized_and_end_consistent()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 2);
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox);
        var edited = Path.Combine(lab.Sandbox.StateDir, "edited.yaml");
        await File.WriteAllTextAsync(edited, (await File.ReadAllTextAsync(lab.Manifest)).Replace("127.0.0.1:1080", "127.0.0.1:1090", StringComparison.Ordinal));

        var results = await Task.WhenAll(lab.TunmuxAsync("apply", "-f", lab.Manifest), lab.TunmuxAsync("apply", "-f", edited));
        results.Should().OnlyContain(r => r.ExitCode == 0);

        // Whichever ran last won (its manifests are the declared state); the host matches it exactly.
        var declared = await File.ReadAllTextAsync(Path.Combine(lab.Sandbox.StateDir, "declared.yaml"));
        var lastWasEdited = declared.Contains("127.0.0.1:1090", StringComparison.Ordinal);
        var winner = lastWasEdited ? edited : lab.Manifest;
        // Consistent: the declared state is the winner's and the host converges to it (the
        // controller may still be finishing the pass the second apply queued).
        await Eventually.ThatAsync(async () => (await lab.TunmuxAsync("diff", "-f", winner)).ExitCode == 0, Limit, "the host to match the last apply");
        (await lab.CurlAsync("--socks5-hostname", lastWasEdited ? "127.0.0.1:1090" : "127.0.0.1:1080")).Should().Be(LabSandbox.PublicAddressOf(1));
        (await lab.CurlAsync("--socks5-hostname", lastWasEdited ? "127.0.0.1:1080" : "127.0.0.1:1090", maxSeconds: 2)).Should().BeNull();
    }

    [RootFact]
    public async Task Metrics_are_served_in_prometheus_text_format_with_live_proxy_connection_counts()
    {
        const int Held = 3;
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox);
        await lab.ApplyAsync();
        (await lab.ViaSocksAsync(1)).Should().Be(LabSandbox.PublicAddressOf(1));

        string metrics = "";
        async Task<bool> ScrapedAsync(Func<string, bool> until)
        {
            metrics = (await lab.Sandbox.ExecAsync(["curl", "-sS", "--max-time", "5", "http://127.0.0.1:9477/metrics"])).Stdout;
            return until(metrics);
        }

        await Eventually.ThatAsync(() => ScrapedAsync(m => m.Contains("tunmux_tunnel_up{tunnel=\"lab-1\"} 1", StringComparison.Ordinal)), Limit, "lab-1 to show as up in the metrics");

        foreach (var line in metrics.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            line.Should().MatchRegex(@"^(# (HELP|TYPE) \w+ .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_]\w*=""([^""\\]|\\.)*"",?)*\})? -?[0-9.e+Inf]+|.*NaN)$");
        }

        metrics.Should().Contain("# TYPE tunmux_reconcile_duration_seconds histogram");
        Regex.Match(metrics, @"tunmux_reconcile_duration_seconds_count (\d+)").Groups[1].Value.Should().NotBe("0");

        // Connections held open through the worker show as active; every one adds to the total.
        await using (var held = HeldConnections.Open(lab.Sandbox, LabSandbox.SocksPortOf(1), "whoami.lab", 80, Held))
        {
            await Eventually.ThatAsync(() => ScrapedAsync(m => ProxyMetric(m, "active") == Held), Limit, $"{Held} active connections in the metrics");
            ProxyMetric(metrics, "total").Should().BeGreaterThanOrEqualTo(Held + 1, "the held connections and the earlier curl were all admitted");
            metrics.Should().Contain("# TYPE tunmux_proxy_connections_active gauge").And.Contain("# TYPE tunmux_proxy_connections_total counter");
            await held.ReleaseAsync();
        }

        var total = ProxyMetric(metrics, "total");
        await Eventually.ThatAsync(() => ScrapedAsync(m => ProxyMetric(m, "active") == 0), Limit, "the released connections to leave the active count");
        ProxyMetric(metrics, "total").Should().BeGreaterThanOrEqualTo(total!.Value, "a counter keeps what it counted");
    }

    private static double? ProxyMetric(string metrics, string which) =>
        Regex.Match(metrics, $@"^tunmux_proxy_connections_{which}\{{proxy=""lab-1""\}} (\S+)$", RegexOptions.Multiline) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [RootFact]
    public async Task Commands_go_through_the_daemon_when_it_answers()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        await using var daemon = await DaemonProcess.StartAsync(lab.Sandbox);
        await lab.ApplyAsync();
        // The daemon's console logger writes from a queue of its own: the line may follow the reply by a moment.
        await Eventually.ThatAsync(() => Task.FromResult(daemon.Log.Contains("Tunnel lab-1 built", StringComparison.Ordinal)), Limit,
            "the daemon, not the CLI, to have built the exit (its log says so)");
        var bad = Path.Combine(lab.Sandbox.StateDir, "bad.yaml");
        await File.WriteAllTextAsync(bad, "apiVersion: tunmux.io/v1alpha1\nkind: Proxy\nmetadata: {name: x}\nspec: {tunnelRef: lab-1, colour: 1}\n");
        var result = await lab.TunmuxAsync("apply", "-f", bad);
        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain($"{bad}:4:");
    }
}
