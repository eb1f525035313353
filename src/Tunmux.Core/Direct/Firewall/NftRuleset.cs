namespace Tunmux.Core.Direct.Firewall;

/// <summary>
/// The <c>inet tunmux</c> table as data: base chains, each with its hook and policy, and rules in
/// order. Each rule carries a stable <see cref="NftRule.Id"/> written as its comment, so a read-back
/// can be compared with the plan rule by rule.
/// </summary>
public sealed record NftRuleset(IReadOnlyList<NftChain> Chains)
{
    public const string Family = "inet";

    public const string Table = "tunmux";

    public const string CommentPrefix = "tunmux:";

    /// <summary>No table at all: the kill switch is off.</summary>
    public static NftRuleset None { get; } = new([]);

    public bool IsEmpty => Chains.Count == 0;
}

/// <summary>A base chain. <paramref name="Priority"/> is the number nft lists (filter is 0, raw -300, mangle -150).</summary>
public sealed record NftChain(string Name, string Hook, int Priority, NftPolicy Policy, IReadOnlyList<NftRule> Rules);

public enum NftPolicy
{
    Accept,
    Drop,
}

/// <summary>One rule: nft syntax without the comment, and the id its comment carries.</summary>
public sealed record NftRule(string Id, string Statement)
{
    public string Comment => NftRuleset.CommentPrefix + Id;
}
