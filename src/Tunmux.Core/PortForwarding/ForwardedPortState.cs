namespace Tunmux.Core.PortForwarding;

/// <summary>
/// What a tunnel's port keeper knows, as it writes it to its state file after every change and
/// as status shows it. Times are the keeper's clock (UTC).
/// </summary>
public sealed record ForwardedPortState
{
    public required string Tunnel { get; init; }

    /// <summary>The public port (UDP and TCP) last granted; null before the first mapping. Check <see cref="IsForwarding"/>: it may have lapsed.</summary>
    public int? Port { get; init; }

    /// <summary>The port before <see cref="Port"/>, kept from the last time it changed.</summary>
    public int? PreviousPort { get; init; }

    /// <summary>When the gateway drops the mapping unless it is renewed.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The last successful mapping round.</summary>
    public DateTimeOffset? RenewedAt { get; init; }

    /// <summary>When the keeper asks the gateway next (renewal or retry).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Rounds failed in a row since the last success.</summary>
    public int Failures { get; init; }

    /// <summary>Why the last round failed; cleared by a success.</summary>
    public string? LastError { get; init; }

    /// <summary>The port the hook last handled without error; the hook runs again while <see cref="Port"/> differs.</summary>
    public int? HookedPort { get; init; }

    /// <summary>Why the hook last failed; cleared when it succeeds.</summary>
    public string? HookError { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>True while the last granted mapping has not expired.</summary>
    public bool IsForwarding(DateTimeOffset now) => Port is not null && ExpiresAt > now;
}
