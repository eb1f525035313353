using System.Globalization;
using System.Text.Json;
using Tunmux.Core.Direct.Backends;
using Tunmux.Core.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Direct;

/// <summary>
/// Makes and removes the direct tunnel's interface with the chosen backend, following the plan's
/// device steps. Keys reach wg only on standard input, and wg-quick only through a file created
/// 0600 under the state directory.
/// </summary>
internal sealed class DirectDevice(ICommandRunner runner, DirectPrograms programs, WireGuardGoRunner wireGuardGo)
{
    /// <summary>Runs the device steps; returns the wireguard-go process when the backend started one.</summary>
    public async Task<ProcessRef?> UpAsync(DirectTunnelPlan plan, DirectDesired desired, CancellationToken cancellationToken)
    {
        ProcessRef? process = null;
        foreach (var step in plan.Device)
        {
            switch (step)
            {
                case DeviceStep.CreateKernelLink link:
                    await Checked([programs.Ip, "link", "add", link.Interface, "type", "wireguard"], cancellationToken).ConfigureAwait(false);
                    break;
                case DeviceStep.StartWireGuardGo start:
                    process = await wireGuardGo.StartAsync(start.Interface, cancellationToken).ConfigureAwait(false);
                    break;
                case DeviceStep.SetConf set:
                    await runner.RunCheckedAsync(
                        new HostCommand([programs.Wg, "setconf", set.Interface, "/dev/stdin"], DirectTunnelPlan.SetConfText(desired.Config, masked: false), InputIsSecret: true),
                        cancellationToken).ConfigureAwait(false);
                    break;
                case DeviceStep.AddAddress address:
                    await Checked([programs.Ip, "address", "replace", address.Address, "dev", address.Interface], cancellationToken).ConfigureAwait(false);
                    break;
                case DeviceStep.LinkUp up:
                    await Checked(up.Mtu is { } mtu
                        ? [programs.Ip, "link", "set", "dev", up.Interface, "mtu", mtu.ToString(CultureInfo.InvariantCulture), "up"]
                        : [programs.Ip, "link", "set", "dev", up.Interface, "up"], cancellationToken).ConfigureAwait(false);
                    break;
                case DeviceStep.WriteWgQuickConfig write:
                    DirectStateFile.WritePrivate(write.Path, DirectTunnelPlan.WgQuickText(desired.Config, masked: false));
                    break;
                case DeviceStep.WgQuickUp wgQuick:
                    await Checked([programs.WgQuick, "up", wgQuick.Path], cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        return process;
    }

    /// <summary>Removes the interface however it was made; what is already gone is fine.</summary>
    public async Task DownAsync(DirectState state, CancellationToken cancellationToken)
    {
        if (state.Interface is not { } iface)
        {
            return;
        }

        if (state.Backend == DirectBackend.WgQuick && state.WgQuickConfig is { } config)
        {
            await runner.RunAsync(HostCommand.Of(programs.WgQuick, "down", config), cancellationToken).ConfigureAwait(false);
            File.Delete(config);
        }

        if (state.WireGuardGo is { } process)
        {
            await wireGuardGo.StopAsync(process, iface, cancellationToken).ConfigureAwait(false);
        }

        if (await ExistsAsync(iface, cancellationToken).ConfigureAwait(false))
        {
            await runner.RunAsync(HostCommand.Of(programs.Ip, "link", "del", "dev", iface), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> ExistsAsync(string iface, CancellationToken cancellationToken) =>
        (await runner.RunAsync(HostCommand.Of(programs.Ip, "link", "show", "dev", iface), cancellationToken).ConfigureAwait(false)).Succeeded;

    public async Task<int?> IndexOfAsync(string iface, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(HostCommand.Of(programs.Ip, "-j", "link", "show", "dev", iface), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
            && document.RootElement[0].TryGetProperty("ifindex", out var index) ? index.GetInt32() : null;
    }

    /// <summary>The newest handshake of any peer, or null when there has been none.</summary>
    public async Task<DateTimeOffset?> LatestHandshakeAsync(string iface, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(HostCommand.Of(programs.Wg, "show", iface, "latest-handshakes"), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }

        var newest = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            .Select(fields => long.Parse(fields[1], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();
        return newest > 0 ? DateTimeOffset.FromUnixTimeSeconds(newest) : null;
    }

    private Task<CommandResult> Checked(IReadOnlyList<string> argv, CancellationToken cancellationToken) =>
        runner.RunCheckedAsync(new HostCommand(argv), cancellationToken);
}
