using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Apply;

/// <summary>Issue #3: per-Proxy username/password from a credentials file, through a real exit.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProxyAuthTests
{
    [RootFact]
    public async Task A_proxy_with_auth_serves_only_clients_that_log_in_and_never_logs_the_password()
    {
        await using var lab = await LabSandbox.StartAsync(exits: 1);
        var credentials = Path.Combine(lab.Sandbox.StateDir, "proxy.cred");
        await File.WriteAllTextAsync(credentials, "alice:Pa55-word\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var manifest = Path.Combine(lab.Sandbox.StateDir, "auth.yaml");
        await File.WriteAllTextAsync(manifest, await File.ReadAllTextAsync(lab.Manifest) + $"""

            ---
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {"{"}name: locked{"}"}
            spec:
              tunnelRef: lab-1
              socks: {"{"}listen: "127.0.0.1:1095"{"}"}
              http: {"{"}listen: "127.0.0.1:8195"{"}"}
              accessLog: true
              auth: {"{"}credentialsFile: proxy.cred{"}"}
              timeouts: {"{"}connect: 5s, idle: 1m{"}"}
              maxConnections: 64
            """);
        await lab.ApplyAsync(manifest);

        var publicAddress = LabSandbox.PublicAddressOf(1);
        (await lab.CurlAsync("--socks5-hostname", "alice:Pa55-word@127.0.0.1:1095")).Should().Be(publicAddress);
        (await lab.CurlAsync("--proxy", "http://alice:Pa55-word@127.0.0.1:8195")).Should().Be(publicAddress);
        (await lab.CurlAsync("--socks5-hostname", "alice:wrong@127.0.0.1:1095", maxSeconds: 3)).Should().BeNull();
        (await lab.CurlAsync("--socks5-hostname", "127.0.0.1:1095", maxSeconds: 3)).Should().BeNull();
        var refused = await lab.Sandbox.ExecAsync(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "--proxy", "http://127.0.0.1:8195", "http://whoami.lab/"]);
        refused.Stdout.Should().Be("407");

        // The worker writes its access log from a writer thread of its own, after the connection has
        // ended: the line may land a moment after curl returned, so wait for it before reading it.
        var workerLogFile = Path.Combine(lab.Sandbox.RunDir, "proxies", "locked.log");
        var workerLog = "";
        await Eventually.ThatAsync(
            async () => (workerLog = File.Exists(workerLogFile) ? await File.ReadAllTextAsync(workerLogFile) : "").Contains("whoami.lab", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the access log (it is on) to show the request to whoami.lab");
        workerLog.Should().NotContain("Pa55-word");
        var cmdlines = Directory.GetDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists)
            .Select(f => { try { return File.ReadAllText(f); } catch (IOException) { return ""; } });
        cmdlines.Should().NotContain(c => c.Contains("Pa55-word"), "the password never appears in any argv");
    }
}
