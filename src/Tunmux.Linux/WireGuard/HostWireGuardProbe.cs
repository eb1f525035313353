using Tunmux.Linux.Commands;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// Looks at the real machine: /sys/module/wireguard (loaded or built in), else tries
/// <c>modprobe -q wireguard</c>; wireguard-go as a path or on PATH. A kernel that has
/// WireGuard keeps it, so only a positive answer is remembered.
/// </summary>
internal sealed class HostWireGuardProbe(HostPaths paths, ICommandRunner runner, string wireGuardGoPath) : IWireGuardProbe
{
    private bool _kernelConfirmed;

    public static HostCommand Modprobe { get; } = HostCommand.Of("modprobe", "-q", "wireguard");

    public async Task<bool> KernelHasWireGuardAsync(CancellationToken cancellationToken)
    {
        if (_kernelConfirmed || Directory.Exists(paths.KernelModuleDir))
        {
            return _kernelConfirmed = true;
        }

        var result = await runner.RunAsync(Modprobe, cancellationToken).ConfigureAwait(false);
        return _kernelConfirmed = result.Succeeded;
    }

    public bool UserspaceAvailable() => ExecutableLocator.Find(wireGuardGoPath) is not null;
}
