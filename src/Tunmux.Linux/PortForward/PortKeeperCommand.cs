using Tunmux.Core.Model;

namespace Tunmux.Linux.PortForward;

/// <summary>
/// The command line of a port keeper: <c>KEEPER --tunnel NAME --state-file FILE [--gateway IP:PORT]
/// [-- HOOK ARG...]</c>, where KEEPER is the small tunmux-port-keeper executable or
/// <c>tunmux port-forward worker</c>. It runs inside the tunnel's namespace, keeps the mapping at
/// the gateway and reports in FILE; the hook comes last, after "--", so its arguments are never
/// read as the keeper's own options.
/// </summary>
public static class PortKeeperCommand
{
    public const string TunnelOption = "--tunnel";
    public const string StateFileOption = "--state-file";
    public const string GatewayOption = "--gateway";

    /// <param name="keeperCommand">The argv prefix that starts a keeper (see LinuxDriverOptions.PortKeeperCommand).</param>
    public static IReadOnlyList<string> Build(IReadOnlyList<string> keeperCommand, DesiredPortForward keeper, string stateFile, string? gateway)
    {
        ArgumentNullException.ThrowIfNull(keeperCommand);
        ArgumentNullException.ThrowIfNull(keeper);
        var argv = new List<string>(keeperCommand)
        {
            TunnelOption, keeper.Tunnel,
            StateFileOption, stateFile,
        };
        if (gateway is not null)
        {
            argv.AddRange([GatewayOption, gateway]);
        }

        if (keeper.Hook.Count > 0)
        {
            argv.Add("--");
            argv.AddRange(keeper.Hook);
        }

        return argv;
    }
}
