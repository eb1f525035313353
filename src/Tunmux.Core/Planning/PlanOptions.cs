namespace Tunmux.Core.Planning;

/// <param name="PruneOrphans">
/// Delete namespaces that carry our prefix but that no record or manifest accounts for
/// (left behind by a crash or an older install). Off by default: without a record we cannot
/// be sure what they are.
/// </param>
public sealed record PlanOptions(bool PruneOrphans = false)
{
    public static PlanOptions Default { get; } = new();
}
