using System.Globalization;
using System.Text;
using Tunmux.Core.Direct;

namespace Tunmux.Core.Direct.Firewall;

/// <summary>
/// Renders a ruleset as one <c>nft -f</c> transaction that replaces the table atomically: declare
/// it (so the delete never fails on a fresh host), delete it, define it whole. nft applies a file
/// as a single transaction, so there is no moment in which the old table is gone and the new one
/// is not yet there. An empty ruleset renders only the first two lines: the table is removed.
/// </summary>
public static class NftBatch
{
    public static string Render(NftRuleset ruleset)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        OwnedTable();
        var text = new StringBuilder();
        var table = $"{NftRuleset.Family} {NftRuleset.Table}";
        text.Append("table ").Append(table).Append('\n');
        text.Append("delete table ").Append(table).Append('\n');
        if (ruleset.IsEmpty)
        {
            return text.ToString();
        }

        text.Append("table ").Append(table).Append(" {\n");
        foreach (var chain in ruleset.Chains)
        {
            text.Append("\tchain ").Append(chain.Name).Append(" {\n");
            text.Append(CultureInfo.InvariantCulture, $"\t\ttype filter hook {chain.Hook} priority {chain.Priority}; policy {Policy(chain.Policy)};\n");
            foreach (var rule in chain.Rules)
            {
                text.Append("\t\t").Append(rule.Statement).Append(" comment \"").Append(rule.Comment).Append("\"\n");
            }

            text.Append("\t}\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>The batch that removes the table (and with it the block).</summary>
    public static string RenderRemoval() => Render(NftRuleset.None);

    /// <summary>"FAMILY TABLE" of the one table direct mode may create and delete, checked like every name tunmux acts on.</summary>
    public static string OwnedTable() =>
        DirectOwnership.TableProblem(NftRuleset.Family, NftRuleset.Table) is { } refused
            ? throw new InvalidOperationException(refused)
            : $"{NftRuleset.Family} {NftRuleset.Table}";

    internal static string Policy(NftPolicy policy) => policy == NftPolicy.Drop ? "drop" : "accept";
}
