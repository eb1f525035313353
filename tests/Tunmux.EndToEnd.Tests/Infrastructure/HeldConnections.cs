using System.Diagnostics;
using System.Globalization;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Client connections kept open through a SOCKS proxy inside a sandbox: one socat per
/// connection (SOCKS4a, so the proxy resolves the name), each relaying its open standard input
/// to the target until it is released. Disposing ends exactly these processes, by PID.
/// </summary>
public sealed class HeldConnections : IAsyncDisposable
{
    private readonly List<Process> _clients;

    private HeldConnections(List<Process> clients) => _clients = clients;

    public static HeldConnections Open(Sandbox sandbox, int socksPort, string host, int port, int count)
    {
        var clients = new List<Process>();
        for (var i = 0; i < count; i++)
        {
            var startInfo = new ProcessStartInfo("nsenter")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
            {
                $"--net=/run/netns/{sandbox.Name}", "--", "socat", "-T", "120", "STDIO",
                string.Create(CultureInfo.InvariantCulture, $"SOCKS4A:127.0.0.1:{host}:{port},socksport={socksPort}"),
            })
            {
                startInfo.ArgumentList.Add(arg);
            }

            clients.Add(Process.Start(startInfo)!);
        }

        return new HeldConnections(clients);
    }

    /// <summary>Closes every connection: its client ends once its input does.</summary>
    public async Task ReleaseAsync()
    {
        foreach (var client in _clients.Where(c => !c.HasExited))
        {
            client.StandardInput.Close();
        }

        foreach (var client in _clients)
        {
            await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (!client.HasExited)
            {
                client.Kill();
                await client.WaitForExitAsync();
            }

            client.Dispose();
        }
    }
}
