using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Direct.Leaks;

/// <summary>
/// The leak self-test: capture what leaves the uplink (tcpdump, by absolute path, outgoing only)
/// while probes bound to that uplink try every way out, then report each packet the capture saw
/// that was not allowed WireGuard UDP.
/// </summary>
public sealed class LeakCheck(ICommandRunner runner, DirectPrograms programs)
{
    public async Task<LeakReport> RunAsync(LeakCheckOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uplink = options.Uplink ?? await DefaultRouteDeviceAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("no default route in the main table: name the uplink with --interface");
        var targets = options.Targets.Count > 0 ? options.Targets : await DefaultTargetsAsync(cancellationToken).ConfigureAwait(false);

        var startInfo = new ProcessStartInfo(programs.Tcpdump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-i", uplink, "-n", "-l", "-p", "-Q", "out", CaptureFilter.For(options.AllowedEndpoints) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var capture = Process.Start(startInfo) ?? throw new InvalidOperationException($"{programs.Tcpdump} did not start");
        var leaked = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await capture.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                lock (leaked)
                {
                    leaked.Add(line);
                }
            }
        }, CancellationToken.None);
        try
        {
            await WaitUntilListeningAsync(capture, cancellationToken).ConfigureAwait(false);
            var probes = await LeakProbes.SendAsync(uplink, targets, cancellationToken).ConfigureAwait(false);
            // A capture window after the last probe: packets already sent still have to pass the capture point.
            await Task.Delay(options.CaptureSettle, cancellationToken).ConfigureAwait(false);
            capture.Kill();
            await reading.ConfigureAwait(false);
            lock (leaked)
            {
                return new LeakReport(uplink, probes, [.. leaked]);
            }
        }
        finally
        {
            if (!capture.HasExited)
            {
                capture.Kill();
            }
        }
    }

    private static async Task WaitUntilListeningAsync(Process capture, CancellationToken cancellationToken)
    {
        while (await capture.StandardError.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException("tcpdump ended before it was listening");
    }

    private async Task<string?> DefaultRouteDeviceAsync(CancellationToken cancellationToken)
    {
        var routes = await RoutesAsync("-4", cancellationToken).ConfigureAwait(false);
        return routes.Select(r => r.Device).FirstOrDefault(d => d is not null)
            ?? (await RoutesAsync("-6", cancellationToken).ConfigureAwait(false)).Select(r => r.Device).FirstOrDefault(d => d is not null);
    }

    /// <summary>Public resolvers, plus the uplink's gateways as the LAN targets.</summary>
    private async Task<IReadOnlyList<IPAddress>> DefaultTargetsAsync(CancellationToken cancellationToken)
    {
        var gateways = (await RoutesAsync("-4", cancellationToken).ConfigureAwait(false))
            .Concat(await RoutesAsync("-6", cancellationToken).ConfigureAwait(false))
            .Select(r => r.Gateway).OfType<IPAddress>();
        return [.. LeakCheckOptions.PublicTargets, .. gateways];
    }

    private async Task<List<(string? Device, IPAddress? Gateway)>> RoutesAsync(string family, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(HostCommand.Of(programs.Ip, "-j", family, "route", "show", "table", "main", "default"), cancellationToken).ConfigureAwait(false);
        var routes = new List<(string?, IPAddress?)>();
        if (!result.Succeeded || result.StandardOutput.Trim().Length == 0)
        {
            return routes;
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        foreach (var route in document.RootElement.EnumerateArray())
        {
            var device = route.TryGetProperty("dev", out var dev) ? dev.GetString() : null;
            var gateway = route.TryGetProperty("gateway", out var gw) && IPAddress.TryParse(gw.GetString(), out var parsed) ? parsed : null;
            routes.Add((device, gateway));
        }

        return routes;
    }
}
