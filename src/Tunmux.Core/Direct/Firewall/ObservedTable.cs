namespace Tunmux.Core.Direct.Firewall;

/// <summary>
/// The <c>inet tunmux</c> table as the kernel lists it (<c>nft -j list table inet tunmux</c>),
/// normalised: handles and counter values dropped, each rule's expressions as one canonical JSON
/// string, so two listings of the same rules compare equal.
/// </summary>
public sealed record ObservedTable(IReadOnlyList<ObservedChain> Chains)
{
    public ObservedChain? Chain(string name) => Chains.FirstOrDefault(c => c.Name == name);
}

/// <summary>A chain as listed; <see cref="Hook"/> and <see cref="Policy"/> are null for a regular (non-base) chain.</summary>
public sealed record ObservedChain(string Name, string? Type, string? Hook, int? Priority, string? Policy, IReadOnlyList<ObservedRule> Rules);

/// <summary>A rule as listed: its comment (null when it has none) and its normalised expressions.</summary>
public sealed record ObservedRule(string? Comment, string Expressions);
