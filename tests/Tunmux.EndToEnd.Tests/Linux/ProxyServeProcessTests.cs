using System.Diagnostics;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// `tunmux proxy serve` as users start it: it becomes a lean worker process (same PID, the CLI's
/// libraries not loaded) running with the proxy runtime settings, serves, and drains on SIGTERM.
/// </summary>
public sealed class ProxyServeProcessTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await Sandbox.CreateAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task Serve_becomes_a_lean_worker_with_the_runtime_settings_and_serves_until_SIGTERM() =>
        await ServeAsync("-TERM", async pid =>
        {
            var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0');
            commandLine.Should().ContainInConsecutiveOrder("--name", "serve");
            commandLine.Should().Contain(arg => arg.EndsWith("tunmux-proxy-worker", StringComparison.Ordinal) || arg.EndsWith("tunmux-proxy-worker.dll", StringComparison.Ordinal),
                "proxy serve runs the small worker executable, not the whole CLI");
            var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');
            environment.Should().Contain(["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1", "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0"]);

            var threadNames = Directory.GetDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim()).ToList();
            threadNames.Count(name => name == ".NET Sockets").Should().Be(Environment.ProcessorCount, "one event thread per core, as haproxy runs one thread per core");
            var maps = await File.ReadAllTextAsync($"/proc/{pid}/maps");
            maps.Should().NotContainAny(["System.CommandLine.dll", "Spectre.Console.dll", "YamlDotNet.dll", "Microsoft.Extensions.Hosting"]);
        });

    /// <summary>Unhandled, SIGUSR2 would kill the process (exit code 140); handled, the worker cuts and ends cleanly.</summary>
    [RootFact]
    public async Task SIGUSR2_stops_the_worker_in_order_too_as_the_daemon_stops_one_whose_tunnel_goes_away() =>
        await ServeAsync("-USR2", _ => Task.CompletedTask);

    /// <summary>
    /// Runs `proxy serve` in the sandbox until it answers, runs <paramref name="whileServing"/> on its
    /// PID, then sends <paramref name="signal"/> and expects a clean exit (code 0) within 30 s.
    /// </summary>
    private async Task ServeAsync(string signal, Func<int, Task> whileServing)
    {
        using var process = StartServe();
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await AnswersAsync();
            await whileServing(process.Id);

            (await Run.ProgramAsync(["kill", signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).EnsureSuccess("kill");
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            process.ExitCode.Should().Be(0, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private Process StartServe()
    {
        var startInfo = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[$"--net=/run/netns/{_sandbox.Name}", "--", TunmuxBinary.Path, "proxy", "serve", "--socks", "127.0.0.1:1080", "--http", "127.0.0.1:8118"])
        {
            startInfo.ArgumentList.Add(arg);
        }

        return Process.Start(startInfo)!;
    }

    /// <summary>
    /// Through the SOCKS listener to the HTTP listener, which refuses a request that is not
    /// absolute-form: the 400 can only come back if both listeners serve.
    /// </summary>
    private async Task AnswersAsync() =>
        await Eventually.ThatAsync(async () =>
        {
            var status = (await _sandbox.ExecAsync(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                "--socks5", "127.0.0.1:1080", "http://127.0.0.1:8118/"])).Stdout;
            return status == "400";
        }, TimeSpan.FromSeconds(30), "the proxy to answer through SOCKS");
}
