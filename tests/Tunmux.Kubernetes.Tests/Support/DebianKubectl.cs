using System.Diagnostics;

namespace Tunmux.Kubernetes.Tests.Support;

/// <summary>
/// Debian's kubectl (package kubernetes-client), unpacked by scripts/install-deps.sh --test into a folder
/// of its own; TUNMUX_KUBECTL names another one.
/// </summary>
internal static class DebianKubectl
{
    private const string Unpacked = "/opt/tunmux-test/kubernetes-client/usr/bin/kubectl";

    public static string Path =>
        Environment.GetEnvironmentVariable("TUNMUX_KUBECTL") is { Length: > 0 } chosen ? chosen
        : File.Exists(Unpacked) ? Unpacked
        : throw new InvalidOperationException($"Debian's kubectl is missing at {Unpacked}: run scripts/install-deps.sh --test");

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string kubeconfig, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        start.ArgumentList.Add("--request-timeout=20s");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Its discovery cache goes to a fresh folder, never the machine's ~/.kube.
        start.Environment["HOME"] = System.IO.Path.GetDirectoryName(kubeconfig);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await errors);
    }
}
