namespace Tunmux.Providers.Proton.Servers;

/// <summary>A server list and where it came from.</summary>
/// <param name="Warning">Set when the API failed and an older cached list stands in.</param>
public sealed record ServerListResult(IReadOnlyList<LogicalServer> Servers, DateTimeOffset FetchedAt, bool FromCache, string? Warning);
