namespace Tunmux.Core.Lifecycle.Conditions;

/// <summary>Whether one proxy on the tunnel accepts connections, and if not, why.</summary>
public sealed record ProxyReadiness(string Name, bool Listening, string? Problem = null);
