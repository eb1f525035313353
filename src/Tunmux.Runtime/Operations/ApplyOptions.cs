namespace Tunmux.Runtime.Operations;

/// <param name="DryRun">Plan only; change nothing.</param>
/// <param name="Prune">The input is the complete declared set: delete every owned object it does not name, orphans included.</param>
public sealed record ApplyOptions(bool DryRun = false, bool Prune = false);
