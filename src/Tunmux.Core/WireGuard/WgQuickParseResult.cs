using Tunmux.Core.Model;

namespace Tunmux.Core.WireGuard;

/// <summary>
/// The outcome of reading a wg-quick file: a config when there are no errors, every error
/// found otherwise, and warnings for settings that tunmux accepts but does not apply
/// (Table, PreUp, PostUp, ...).
/// </summary>
public sealed record WgQuickParseResult(
    WireGuardConfig? Config,
    IReadOnlyList<WgQuickError> Errors,
    IReadOnlyList<WgQuickError> Warnings)
{
    public bool Succeeded => Config is not null && Errors.Count == 0;
}
