using Tunmux.Api.Model;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Execution;

namespace Tunmux.Runtime.Operations;

/// <summary>
/// The outcome of apply, diff or delete: either the input was refused (errors, nothing
/// changed), or a plan was made and perhaps run.
/// </summary>
public sealed record OperationResult
{
    public IReadOnlyList<ManifestError> Errors { get; init; } = [];

    public Plan? Plan { get; init; }

    public ExecutionReport? Execution { get; init; }

    /// <summary>Changes a fresh plan still wanted after running; empty when the host converged.</summary>
    public Plan? Remaining { get; init; }

    /// <summary>Things a person should know that are not errors (unreadable records, orphans, cascades).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool IsInvalid => Errors.Count > 0;

    /// <summary>Passes that failed before they could change anything, one line each (never a secret).</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    public bool Succeeded => !IsInvalid && Failures.Count == 0 && (Execution?.Succeeded ?? true);

    public static OperationResult Invalid(IReadOnlyList<ManifestError> errors) => new() { Errors = errors };
}
