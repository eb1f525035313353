namespace Tunmux.Core.Lifecycle;

/// <summary>
/// Why a tunnel is where it is: a CamelCase <paramref name="Reason"/> for machines (condition
/// reasons, filters) and a sentence for people. Messages hold values fixed when the cause was
/// found, never "N s ago" computed later, so that status does not change on every pass.
/// </summary>
public sealed record Cause(string Reason, string Message);
