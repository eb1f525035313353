using System.Globalization;

namespace Tunmux.Core.Direct.Backends;

/// <summary>
/// One step that makes or configures a direct tunnel's interface, as data. Steps that carry keys
/// (<see cref="SetConf"/>, <see cref="WriteWgQuickConfig"/>) hold them in the config object, never in
/// their rendering: <see cref="Render"/> is safe to print, log and keep in a golden file.
/// </summary>
public abstract record DeviceStep
{
    private DeviceStep()
    {
    }

    public abstract string Render();

    public sealed record CreateKernelLink(string Interface) : DeviceStep
    {
        public override string Render() => $"ip link add {Interface} type wireguard";
    }

    public sealed record StartWireGuardGo(string Interface) : DeviceStep
    {
        public override string Render() => $"wireguard-go {Interface}";
    }

    /// <summary><c>wg setconf</c> with the config on standard input; the mark is part of it.</summary>
    public sealed record SetConf(string Interface, string MaskedConfig) : DeviceStep
    {
        public override string Render() => $"wg setconf {Interface} /dev/stdin <<\n{MaskedConfig}";
    }

    public sealed record AddAddress(string Interface, string Address) : DeviceStep
    {
        public override string Render() => $"ip address add {Address} dev {Interface}";
    }

    public sealed record LinkUp(string Interface, int? Mtu) : DeviceStep
    {
        public override string Render() => Mtu is { } mtu
            ? string.Create(CultureInfo.InvariantCulture, $"ip link set dev {Interface} mtu {mtu} up")
            : $"ip link set dev {Interface} up";
    }

    /// <summary>Write wg-quick's config, mode 0600 from the start, under the state directory.</summary>
    public sealed record WriteWgQuickConfig(string Path, string MaskedConfig) : DeviceStep
    {
        public override string Render() => $"write {Path} (0600) <<\n{MaskedConfig}";
    }

    public sealed record WgQuickUp(string Path) : DeviceStep
    {
        public override string Render() => $"wg-quick up {Path}";
    }
}
