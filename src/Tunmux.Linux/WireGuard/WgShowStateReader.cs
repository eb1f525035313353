using Tunmux.Core.State;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// Kernel WireGuard tunnels: <c>wg show IF dump</c> inside the namespace (`wg` reads the kernel's
/// state over generic netlink). The dump's first line holds the private key: it is parsed in
/// memory and dropped, never logged.
/// </summary>
internal sealed class WgShowStateReader(ICommandRunner runner) : IWireGuardStateReader
{
    public static HostCommand Command(TunnelRecord record) =>
        NetnsCommands.Exec(record.Namespace, "wg", "show", record.Interface, "dump");

    public async Task<WgDump?> ReadAsync(TunnelRecord record, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Command(record), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? WgDumpParser.Parse(result.StandardOutput) : null;
    }
}
