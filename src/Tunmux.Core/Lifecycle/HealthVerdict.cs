namespace Tunmux.Core.Lifecycle;

public sealed record HealthVerdict(HealthStatus Status, Cause Cause);
