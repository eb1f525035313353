namespace Tunmux.Core.Direct.Firewall;

/// <summary>
/// Compares the listed table with the planned one, rule by rule. The structure is checked against
/// the plan itself (chains, hooks, priorities, policies, and the rules' ids in order); each rule's
/// content is checked against <c>reference</c>, the listing taken right after tunmux applied the
/// same plan, because the kernel's rendering of a rule is the only exact account of it. Any finding
/// means the table is applied again.
/// </summary>
public static class FirewallDrift
{
    public static IReadOnlyList<string> Find(NftRuleset expected, ObservedTable? observed, ObservedTable? reference)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (observed is null)
        {
            return expected.IsEmpty ? [] : ["table inet tunmux is missing"];
        }

        if (expected.IsEmpty)
        {
            return ["table inet tunmux exists but the kill switch is off"];
        }

        var findings = new List<string>();
        foreach (var chain in expected.Chains)
        {
            if (observed.Chain(chain.Name) is not { } listed)
            {
                findings.Add($"chain {chain.Name} is missing");
                continue;
            }

            if (listed.Type != "filter" || listed.Hook != chain.Hook || listed.Priority != chain.Priority || listed.Policy != NftBatch.Policy(chain.Policy))
            {
                findings.Add($"chain {chain.Name} is {listed.Type} hook {listed.Hook} priority {listed.Priority} policy {listed.Policy}; "
                    + $"planned filter hook {chain.Hook} priority {chain.Priority} policy {NftBatch.Policy(chain.Policy)}");
            }

            findings.AddRange(CompareRules(chain, listed, reference?.Chain(chain.Name)));
        }

        findings.AddRange(observed.Chains
            .Where(c => expected.Chains.All(e => e.Name != c.Name))
            .Select(c => $"chain {c.Name} is not planned"));
        return findings;
    }

    private static IEnumerable<string> CompareRules(NftChain planned, ObservedChain listed, ObservedChain? reference)
    {
        var plannedIds = planned.Rules.Select(r => r.Comment).ToList();
        var listedIds = listed.Rules.Select(r => r.Comment ?? "(no comment)").ToList();
        foreach (var missing in plannedIds.Except(listedIds))
        {
            yield return $"chain {planned.Name}: rule {missing} is missing";
        }

        foreach (var extra in listedIds.Except(plannedIds))
        {
            yield return $"chain {planned.Name}: rule {extra} is not planned";
        }

        if (plannedIds.Count == listedIds.Count && plannedIds.ToHashSet().SetEquals(listedIds) && !plannedIds.SequenceEqual(listedIds))
        {
            yield return $"chain {planned.Name}: the rules are out of order";
        }

        if (reference is null)
        {
            yield break;
        }

        foreach (var rule in listed.Rules)
        {
            var original = reference.Rules.FirstOrDefault(r => r.Comment == rule.Comment);
            if (original is not null && original.Expressions != rule.Expressions)
            {
                yield return $"chain {planned.Name}: rule {rule.Comment} was changed";
            }
        }
    }
}
