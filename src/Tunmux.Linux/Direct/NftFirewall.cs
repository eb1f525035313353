using Tunmux.Core.Direct.Firewall;
using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Direct;

/// <summary>
/// The kill switch's one seam to nftables: apply a whole ruleset as one <c>nft -f</c> transaction
/// (the batch arrives on standard input, never in argv) and list <c>inet tunmux</c> back as JSON.
/// </summary>
public sealed class NftFirewall(ICommandRunner runner, DirectPrograms programs)
{
    public async Task ApplyAsync(NftRuleset ruleset, CancellationToken cancellationToken) =>
        await runner.RunCheckedAsync(new HostCommand([programs.Nft, "-f", "-"], NftBatch.Render(ruleset)), cancellationToken).ConfigureAwait(false);

    /// <summary>The table as listed, or null when it does not exist.</summary>
    public async Task<ObservedTable?> ReadAsync(CancellationToken cancellationToken) =>
        await ReadJsonAsync(cancellationToken).ConfigureAwait(false) is { } json ? NftListingParser.Parse(json) : null;

    /// <summary>nft's JSON listing of the table, or null when it does not exist.</summary>
    public async Task<string?> ReadJsonAsync(CancellationToken cancellationToken)
    {
        _ = NftBatch.OwnedTable();
        var command = HostCommand.Of(programs.Nft, "-j", "list", "table", NftRuleset.Family, NftRuleset.Table);
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return result.StandardOutput;
        }

        return result.StandardError.Contains("No such file or directory", StringComparison.Ordinal)
            ? null
            : throw new HostCommandException(command, result);
    }

    /// <summary>The whole ruleset of the namespace as text, for comparisons before and after (tests, diagnostics).</summary>
    public async Task<string> ListAllAsync(CancellationToken cancellationToken) =>
        (await runner.RunCheckedAsync(HostCommand.Of(programs.Nft, "list", "ruleset"), cancellationToken).ConfigureAwait(false)).StandardOutput;
}
